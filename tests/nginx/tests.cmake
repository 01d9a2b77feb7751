# Serves a build of the example site with Debian's nginx, configured with the
# blocks of docs/deploy-nginx.md, on a loopback port, and checks page types,
# content types, headers, gzip_static and that nothing comes from another
# origin. Installs nothing: nginx comes from scripts/install-deps. Exit 77 =
# skipped (no nginx and CI not set).
set(MB_SYSTEM_PYTHON /usr/bin/python3 CACHE FILEPATH "Debian's python3")
add_test(NAME nginx.serve
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR} ${MB_SYSTEM_PYTHON})
set_tests_properties(nginx.serve PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS "nginx")
