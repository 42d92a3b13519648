# Converts each sample to each format; stops at the first failure.
foreach(sample IN LISTS SAMPLES)
  get_filename_component(stem "${sample}" NAME_WE)
  foreach(fmt IN LISTS FORMATS)
    execute_process(COMMAND "${QUIRE}" "${sample}" -o "${OUT}/${stem}.${fmt}"
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "quire failed (${rc}) on ${sample} -> ${fmt}")
    endif()
    message(STATUS "out/${stem}.${fmt}")
  endforeach()
endforeach()
