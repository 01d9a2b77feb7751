# The communications office's workflow, end to end through the binary:
# `new` skeletons that build, `import` of .xlsx files made here with openpyxl
# and of CSV in every encoding and separator, `publish` copying only what
# changed and surviving an interruption, the Vietnamese guide's commands,
# and docs/cli.md being the --help text.
set(mb_office_dir ${CMAKE_CURRENT_LIST_DIR})
set(mb_office_python /usr/bin/python3)  # Debian's, with python3-openpyxl (not a pyenv one on PATH)
add_test(NAME office-new COMMAND ${mb_office_dir}/new.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR})
add_test(NAME office-import-xlsx
         COMMAND ${mb_office_dir}/import_xlsx.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR} ${mb_office_python})
add_test(NAME office-import-csv
         COMMAND ${mb_office_dir}/import_csv.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR} ${mb_office_python})
add_test(NAME office-publish COMMAND ${mb_office_dir}/publish.sh $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR})
add_test(NAME office-guide
         COMMAND ${mb_office_python} ${mb_office_dir}/guide.py $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR})
add_test(NAME office-cli-doc COMMAND ${PROJECT_SOURCE_DIR}/scripts/gen-cli-doc --check $<TARGET_FILE:minhbach>)
set_tests_properties(office-new office-import-xlsx office-import-csv office-publish office-guide office-cli-doc
                     PROPERTIES LABELS office)
