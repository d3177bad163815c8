# SPDX-License-Identifier: MIT
# Small build helpers shared by every folder (STYLE.md §6.9): toolchain speed-ups, the LibTorch ABI
# check, one shared LibTorch precompiled header, and test registration.
include_guard(GLOBAL)

macro(recscope_setup_toolchain)
    find_program(RECSCOPE_CCACHE ccache)
    if(RECSCOPE_CCACHE)
        set(CMAKE_CXX_COMPILER_LAUNCHER ${RECSCOPE_CCACHE})
        set(CMAKE_CUDA_COMPILER_LAUNCHER ${RECSCOPE_CCACHE})
    endif()
    # Linking LibTorch binaries takes memory: one link at a time on small machines.
    set_property(GLOBAL APPEND PROPERTY JOB_POOLS link=1)
    set(CMAKE_JOB_POOL_LINK link)
    find_program(RECSCOPE_LLD ld.lld)
    if(RECSCOPE_LLD)
        add_link_options(-fuse-ld=lld)
    endif()
    if(RECSCOPE_SANITIZE) # our code instrumented; LibTorch, Qt and the C libraries are not
        add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined>
                            $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=undefined>
                            $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>)
        add_link_options(-fsanitize=address,undefined)
    endif()
    if(RECSCOPE_UNITY)
        set(CMAKE_UNITY_BUILD ON)
        set(CMAKE_UNITY_BUILD_BATCH_SIZE 4)
    endif()
endmacro()

# Older pip LibTorch builds used the pre-C++11 std::string ABI, which cannot link with Debian's Qt.
function(recscope_check_torch_abi)
    if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
        message(FATAL_ERROR "LibTorch at ${TORCH_INSTALL_PREFIX} uses the pre-C++11 ABI "
                            "(_GLIBCXX_USE_CXX11_ABI=0); RecScope needs a CXX11-ABI build (torch >= 2.1 "
                            "from PyPI, or a cxx11-abi LibTorch archive).")
    endif()
endfunction()

# The shared LibTorch PCH: built once from an empty source, reused by core (and later plugins).
function(recscope_torch_pch_target)
    if(TARGET recscope_torch_pch)
        return()
    endif()
    add_library(recscope_torch_pch STATIC ${CMAKE_SOURCE_DIR}/core/pch/torch_pch.cpp)
    target_link_libraries(recscope_torch_pch PRIVATE torch)
    target_precompile_headers(recscope_torch_pch PRIVATE ${CMAKE_SOURCE_DIR}/core/pch/torch_pch.h)
    set_target_properties(recscope_torch_pch PROPERTIES UNITY_BUILD OFF)
endfunction()

function(recscope_use_torch_pch target)
    recscope_torch_pch_target()
    target_precompile_headers(${target} REUSE_FROM recscope_torch_pch)
endfunction()

# LibTorch's CPU libraries alone (libtorch_cpu + libc10) with torch's include directories and
# flags. Plugins link this, not `torch`, so a plugin never needs libtorch_cuda in a CPU-only host
# (the .deb); in a CUDA host the engine has loaded libtorch_cuda already. The packaged engine
# links it too (Package.cmake).
function(recscope_torch_cpu_target)
    if(TARGET recscope_torch_cpu)
        return()
    endif()
    find_library(RECSCOPE_TORCH_CPU_LIBRARY torch_cpu PATHS "${TORCH_INSTALL_PREFIX}/lib" NO_DEFAULT_PATH REQUIRED)
    find_library(RECSCOPE_C10_LIBRARY c10 PATHS "${TORCH_INSTALL_PREFIX}/lib" NO_DEFAULT_PATH REQUIRED)
    add_library(recscope_torch_cpu INTERFACE)
    target_link_libraries(recscope_torch_cpu INTERFACE ${RECSCOPE_TORCH_CPU_LIBRARY} ${RECSCOPE_C10_LIBRARY})
    target_include_directories(recscope_torch_cpu INTERFACE $<TARGET_PROPERTY:torch,INTERFACE_INCLUDE_DIRECTORIES>)
    target_compile_options(recscope_torch_cpu INTERFACE $<TARGET_PROPERTY:torch,INTERFACE_COMPILE_OPTIONS>)
    target_compile_definitions(recscope_torch_cpu INTERFACE $<TARGET_PROPERTY:torch,INTERFACE_COMPILE_DEFINITIONS>)
endfunction()

# recscope_add_test(name SOURCES ... [LIBS ...] [LABELS ...] [TIMEOUT s] [GUI])
function(recscope_add_test name)
    cmake_parse_arguments(arg "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${arg_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test recscope_test_support ${arg_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT arg_TIMEOUT)
        set(arg_TIMEOUT 300)
    endif()
    # Qt Test aborts a single test function after 5 min by default; CTest's TIMEOUT is the limit.
    math(EXPR functionMs "${arg_TIMEOUT} * 1000")
    # The kernels' tuned variants (recscope/core/kernels.h) in the build tree, not the user's cache.
    set(env "RECSCOPE_TEST_DATA=${CMAKE_SOURCE_DIR}/tests/data" "QTEST_FUNCTION_TIMEOUT=${functionMs}"
            "RECSCOPE_KERNEL_CACHE=${CMAKE_BINARY_DIR}/kernel-cache/kernels.json")
    if(arg_GUI) # `ctest -L gui` runs these: the workbench's tests
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
        list(APPEND arg_LABELS gui)
    else()
        # `ctest -j2` runs two LibTorch tests on two cores; OpenMP's default spin-waiting then burns
        # the other test's core: tst_audit + tst_ctr side by side took 105-132 s, 50-55 s with
        # passive waiting (it costs a lone process 1.6-1.8x, hence not for the serial GUI tests).
        list(APPEND env "OMP_WAIT_POLICY=PASSIVE")
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${arg_TIMEOUT} LABELS "${arg_LABELS}"
                                            ENVIRONMENT "${env}")
endfunction()

# recscope_add_plugin(id SOURCES ... [TORCH]): builds librs_<id>.so as a MODULE next to its
# manifest <id>.json in <build>/lib/recscope/plugins, where the build tree's binaries look
# (../lib/recscope/plugins from bin/), and installs both to the same place under the prefix.
# TORCH links LibTorch (model plugins); dataset and metric plugins need only recscope_core.
function(recscope_add_plugin id)
    cmake_parse_arguments(arg "TORCH" "" "SOURCES" ${ARGN})
    set(target rs_${id})
    set(dir ${CMAKE_BINARY_DIR}/lib/recscope/plugins)
    add_library(${target} MODULE ${arg_SOURCES})
    target_link_libraries(${target} PRIVATE recscope_core)
    if(arg_TORCH)
        recscope_torch_cpu_target()
        target_link_libraries(${target} PRIVATE recscope_torch_cpu)
        recscope_use_torch_pch(${target}) # LibTorch parsed once for core, tests and plugins
    endif()
    # Installed, librecscope_core and LibTorch are one folder up (lib/recscope).
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${dir} INSTALL_RPATH "$ORIGIN/..")
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/${id}.json ${dir}/${id}.json COPYONLY)
    install(TARGETS ${target} LIBRARY DESTINATION lib/recscope/plugins)
    install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/${id}.json DESTINATION lib/recscope/plugins)
endfunction()
