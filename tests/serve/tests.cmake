add_test(NAME serve COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/check_serve.py $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR})
set_tests_properties(serve PROPERTIES LABELS "serve" TIMEOUT 180)
