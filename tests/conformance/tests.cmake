# Differential conformance suite: minhbach's template engine against Jinja2.
# Included by tests/CMakeLists.txt (which includes every tests/*/tests.cmake).
# Needs Debian's /usr/bin/python3; with Jinja2 installed (python3-jinja2) it
# renders every case with Jinja2 too, otherwise it compares against the
# `=== expect` sections recorded in the case files. See README.md.
add_test(
  NAME conformance
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/run.py --minhbach $<TARGET_FILE:minhbach>)
set_tests_properties(conformance PROPERTIES LABELS "conformance;template" TIMEOUT 300)
