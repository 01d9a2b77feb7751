# Internal link checker over the built example site (libxml2's HTML parser,
# through Debian's python3-lxml). Included by tests/CMakeLists.txt; the site
# is built by site-build (tests/browser/tests.cmake) into <build>/tests/site-public.
# Exit 77 = skipped (python3-lxml missing and $CI not set, or no example site yet).

add_test(NAME site-linkcheck
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/browser/run-site-checks.sh
          $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR} linkcheck)
set_tests_properties(site-linkcheck PROPERTIES
  FIXTURES_REQUIRED mb_site_public SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS "site")

add_test(NAME linkcheck-selftest COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/selftest.sh)
set_tests_properties(linkcheck-selftest PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
