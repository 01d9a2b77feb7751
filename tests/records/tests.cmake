# Publication record (issue 6): the example site and tests/sites/records are
# built with the real binary; feeds, downloads, datapackage.json, SHA256SUMS
# and the changes between publications are checked by check_records.py,
# which runs tests/feeds/check_feeds.py and check_opendata.py on the output.
# Runs under Debian's /usr/bin/python3 (python3-feedparser), like tests/feeds.
if(NOT DEFINED MB_SYSTEM_PYTHON)
  set(MB_SYSTEM_PYTHON /usr/bin/python3 CACHE FILEPATH "Debian's python3 with python3-feedparser")
endif()
execute_process(COMMAND ${MB_SYSTEM_PYTHON} -c "import feedparser"
                RESULT_VARIABLE mb_records_feedparser_missing OUTPUT_QUIET ERROR_QUIET)
if(mb_records_feedparser_missing)
  message(WARNING "records: ${MB_SYSTEM_PYTHON} cannot import feedparser; publication record tests skipped")
else()
  foreach(test example fixture add-result correction long-log)
    add_test(NAME records.${test}
             COMMAND ${MB_SYSTEM_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/check_records.py ${test} $<TARGET_FILE:minhbach>
                     ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/records-work)
  endforeach()
endif()
