# Every third-party dependency comes from a Debian package (scripts/install-deps installs them).
# They are imported as SYSTEM so their headers do not trip our warning flags.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(HF2MS_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

foreach(target tomlplusplus::tomlplusplus nlohmann_json::nlohmann_json CLI11::CLI11
               PkgConfig::XXHASH PkgConfig::HTTPLIB CURL::libcurl)
  if(TARGET ${target})
    get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
    if(dirs)
      set_target_properties(${target} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${dirs}")
    endif()
  endif()
endforeach()
