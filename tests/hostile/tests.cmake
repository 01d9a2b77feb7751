# Hostile-input corpus: one CTest test per case folder under cases/ (see
# run.py for the case format). Each case builds a small site and expects a
# clean build with the input escaped, or exit 1 with path:line:col: error.
set(MB_SYSTEM_PYTHON /usr/bin/python3 CACHE FILEPATH "Debian's python3")
file(GLOB mb_hostile_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/cases/*/case.txt)
foreach(case_txt ${mb_hostile_cases})
  get_filename_component(case_dir ${case_txt} DIRECTORY)
  get_filename_component(case_name ${case_dir} NAME)
  add_test(NAME hostile.${case_name}
    COMMAND ${MB_SYSTEM_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run.py $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR} ${case_dir})
  set_tests_properties(hostile.${case_name} PROPERTIES TIMEOUT 300 LABELS "hostile")
endforeach()

# Nothing lost: kill -9 builds mid-write; output-folder refusals through the CLI.
add_test(NAME hostile.kill-mid-write
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/kill_mid_write.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR} 10)
set_tests_properties(hostile.kill-mid-write PROPERTIES TIMEOUT 600 LABELS "hostile")
add_test(NAME hostile.output-dirs
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/output_dirs.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR})
set_tests_properties(hostile.output-dirs PROPERTIES TIMEOUT 120 LABELS "hostile")
