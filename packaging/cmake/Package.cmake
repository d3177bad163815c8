# SPDX-License-Identifier: MIT
# The Debian package (README, "Install as a .deb"): `cpack -G DEB` in the build folder after a
# build. Layout under /usr:
#   bin/recscope, bin/recscope-cli               RUNPATH $ORIGIN/../lib/recscope
#   lib/recscope/librecscope_core.so             the engine, linked against LibTorch's CPU libraries only
#   lib/recscope/libtorch_cpu.so, libc10.so ...  the LibTorch libraries it links (Debian has no LibTorch 2.x)
#   lib/recscope/plugins/                        the example plugins and their manifests
#   share/applications, share/icons, share/metainfo
# The packaged engine is the CPU build: a CUDA LibTorch would pull in about 3 GB of NVIDIA libraries.
# GPU users build from source against a CUDA LibTorch (the README's two commands).
include_guard(GLOBAL)
include(GNUInstallDirs)

set(RECSCOPE_PRIVATE_LIBDIR lib/recscope)

# The engine again from the same object files, linked against libtorch_cpu + libc10 instead of
# the whole LibTorch (a link step, no recompilation). Same soname, so the binaries and plugins
# load it in place of the build tree's one.
add_library(recscope_core_package SHARED $<TARGET_OBJECTS:recscope_core>)
target_link_libraries(recscope_core_package PRIVATE recscope_torch_cpu SQLite::SQLite3 Threads::Threads ${CMAKE_DL_LIBS})
set_target_properties(recscope_core_package PROPERTIES OUTPUT_NAME recscope_core
                      LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/package/lib INSTALL_RPATH "$ORIGIN")

set(apps recscope-cli)
if(RECSCOPE_WITH_GUI)
    list(APPEND apps recscope)
endif()
set_target_properties(${apps} PROPERTIES INSTALL_RPATH "$ORIGIN/../${RECSCOPE_PRIVATE_LIBDIR}")
install(TARGETS ${apps} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS recscope_core_package LIBRARY DESTINATION ${RECSCOPE_PRIVATE_LIBDIR})

# The LibTorch libraries the packaged engine needs, found as the loader would find them
# (libtorch_cpu's own RUNPATH included), minus what the system provides.
install(CODE "set(recscopeEngine \"$<TARGET_FILE:recscope_core_package>\")
              set(recscopeTorchLib \"${TORCH_INSTALL_PREFIX}/lib\")
              set(recscopeLibDir \"${RECSCOPE_PRIVATE_LIBDIR}\")")
install(CODE [[
    file(GET_RUNTIME_DEPENDENCIES LIBRARIES "${recscopeEngine}" DIRECTORIES "${recscopeTorchLib}"
         RESOLVED_DEPENDENCIES_VAR deps UNRESOLVED_DEPENDENCIES_VAR missing
         POST_EXCLUDE_REGEXES "^/(usr/)?lib/[a-z0-9_]+-linux-gnu/" "^/(usr/)?lib(64)?/[^/]+\\.so")
    if(missing)
        message(FATAL_ERROR "the packaged engine needs libraries that were not found: ${missing}")
    endif()
    foreach(dep IN LISTS deps)
        file(INSTALL "${dep}" DESTINATION "${CMAKE_INSTALL_PREFIX}/${recscopeLibDir}" FOLLOW_SYMLINK_CHAIN)
    endforeach()
]])

configure_file(${CMAKE_SOURCE_DIR}/packaging/debian/io.github.recscope.RecScope.metainfo.xml
               ${CMAKE_BINARY_DIR}/package/io.github.recscope.RecScope.metainfo.xml @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/package/io.github.recscope.RecScope.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/io.github.recscope.RecScope.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/recscope.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME io.github.recscope.RecScope.svg)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/projects/ DESTINATION ${CMAKE_INSTALL_DATADIR}/recscope/projects FILES_MATCHING PATTERN "*.json")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME recscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "RecScope developers <recscope@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench to train, inspect and audit recommender systems")
set(CPACK_PACKAGE_DESCRIPTION "RecScope trains recommenders on recommendation datasets, shows attention maps and
 sparse-autoencoder concepts, audits fairness, bias and robustness, and exports reports.
 The Qt workbench (recscope) and the headless CLI (recscope-cli) share one engine.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/recscope/recscope")
# gzip: a few seconds for the ~480 MB of LibTorch, where xz takes minutes on two cores.
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_STRIP_FILES ON) # the build is RelWithDebInfo; the package carries no debug info
set(depends "libc6 (>= 2.34), libstdc++6 (>= 12), libgcc-s1, libsqlite3-0 (>= 3.31)")
if(RECSCOPE_WITH_PDF) # PDF reports: cairo draws, pango shapes text with fontconfig's fonts
    string(APPEND depends ", libcairo2 (>= 1.16), libpango-1.0-0 (>= 1.44), libpangocairo-1.0-0 (>= 1.44), fonts-dejavu-core")
endif()
if(RECSCOPE_WITH_GUI)
    string(APPEND depends ", libqt6core6 (>= 6.2), libqt6gui6 (>= 6.2), libqt6widgets6 (>= 6.2), libqt6charts6 (>= 6.2),"
                          " libqt6svg6 (>= 6.2), libqt6concurrent6 (>= 6.2)")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${depends}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libjemalloc2, poppler-utils, fonts-wqy-microhei")
include(CPack)
