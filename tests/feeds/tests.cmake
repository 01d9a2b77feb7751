# Feed conformance: sample feeds written by the real writers are parsed by the
# client libraries Debian ships (python3-feedparser, libxml2 via python3-lxml).
# check_feeds.py runs under Debian's /usr/bin/python3, not pyenv's python3.
add_executable(mb_feed_samples ${CMAKE_CURRENT_LIST_DIR}/sample_feeds.cpp)
target_link_libraries(mb_feed_samples PRIVATE mb_feeds mb_opendata)

set(MB_SYSTEM_PYTHON /usr/bin/python3 CACHE FILEPATH "Debian's python3 with python3-feedparser")
execute_process(COMMAND ${MB_SYSTEM_PYTHON} -c "import feedparser"
                RESULT_VARIABLE mb_feedparser_missing OUTPUT_QUIET ERROR_QUIET)
if(mb_feedparser_missing)
  message(WARNING "feeds: ${MB_SYSTEM_PYTHON} cannot import feedparser (apt install python3-feedparser); feed checks skipped")
else()
  set(mb_feeds_checker ${CMAKE_CURRENT_LIST_DIR}/check_feeds.py)
  set(mb_feeds_good ${CMAKE_CURRENT_BINARY_DIR}/feeds-sample/good)
  set(mb_feeds_broken ${CMAKE_CURRENT_BINARY_DIR}/feeds-sample/broken)

  add_test(NAME feeds.samples.write COMMAND mb_feed_samples ${mb_feeds_good})
  set_tests_properties(feeds.samples.write PROPERTIES FIXTURES_SETUP mb_feed_samples_good)
  add_test(NAME feeds.samples.check COMMAND ${MB_SYSTEM_PYTHON} ${mb_feeds_checker} ${mb_feeds_good})
  set_tests_properties(feeds.samples.check PROPERTIES FIXTURES_REQUIRED mb_feed_samples_good)

  # The checker must catch each known fault: it exits 1 and counts exactly five (the malformed file is not counted as a feed).
  add_test(NAME feeds.broken.write COMMAND mb_feed_samples ${mb_feeds_broken} --broken)
  set_tests_properties(feeds.broken.write PROPERTIES FIXTURES_SETUP mb_feed_samples_broken)
  add_test(NAME feeds.broken.exit COMMAND ${MB_SYSTEM_PYTHON} ${mb_feeds_checker} ${mb_feeds_broken})
  set_tests_properties(feeds.broken.exit PROPERTIES FIXTURES_REQUIRED mb_feed_samples_broken WILL_FAIL TRUE)
  add_test(NAME feeds.broken.report COMMAND ${MB_SYSTEM_PYTHON} ${mb_feeds_checker} ${mb_feeds_broken})
  set_tests_properties(feeds.broken.report PROPERTIES FIXTURES_REQUIRED mb_feed_samples_broken
                       PASS_REGULAR_EXPRESSION "checked 3 feeds under [^\n]*: 5 problems")

  # Open data: datapackage.json, SHA256SUMS and manifest.json match the files;
  # CSV and JSON downloads hold the same numbers (check_opendata.py).
  set(mb_opendata_checker ${CMAKE_CURRENT_LIST_DIR}/check_opendata.py)
  add_test(NAME opendata.samples.check COMMAND ${MB_SYSTEM_PYTHON} ${mb_opendata_checker} ${mb_feeds_good})
  set_tests_properties(opendata.samples.check PROPERTIES FIXTURES_REQUIRED mb_feed_samples_good)
  add_test(NAME opendata.broken.exit COMMAND ${MB_SYSTEM_PYTHON} ${mb_opendata_checker} ${mb_feeds_broken})
  set_tests_properties(opendata.broken.exit PROPERTIES FIXTURES_REQUIRED mb_feed_samples_broken WILL_FAIL TRUE)
  add_test(NAME opendata.broken.report COMMAND ${MB_SYSTEM_PYTHON} ${mb_opendata_checker} ${mb_feeds_broken})
  set_tests_properties(opendata.broken.report PROPERTIES FIXTURES_REQUIRED mb_feed_samples_broken
                       PASS_REGULAR_EXPRESSION "checked 3 open-data files under [^\n]*: 6 problems")
endif()

# What a journalist runs: GNU sha256sum verifies SHA256SUMS from the site root.
find_program(MB_SHA256SUM sha256sum)
if(MB_SHA256SUM)
  add_test(NAME opendata.samples.sha256sum COMMAND ${MB_SHA256SUM} --strict --quiet -c du-lieu/SHA256SUMS
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/feeds-sample/good)
  set_tests_properties(opendata.samples.sha256sum PROPERTIES FIXTURES_REQUIRED mb_feed_samples_good)
endif()
