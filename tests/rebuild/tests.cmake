add_test(NAME rebuild COMMAND ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR})
set_tests_properties(rebuild PROPERTIES LABELS "rebuild")
