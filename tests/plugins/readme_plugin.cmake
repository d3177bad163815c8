# SPDX-License-Identifier: MIT
# The smallest plugin of plugins/README.md, built outside the source tree exactly as printed there
# (one compiler call against the SDK headers and librecscope_core), found through
# RECSCOPE_PLUGIN_PATH, and used in a run: TopHit@K counts only the first item, so it must equal
# Hit@1 at every K.
#   cmake -DCXX=… -DSOURCE_DIR=… -DLIB_DIR=… -DCLI=… -DWORK=… -P readme_plugin.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(READ ${SOURCE_DIR}/plugins/README.md readme)
string(REGEX MATCH "```cpp\n(.*)```\n\n```json" _ "${readme}")
string(REGEX REPLACE "```\n\n```json$" "" code "${CMAKE_MATCH_1}")
string(REGEX MATCH "```json\n([^`]*)```" _ "${readme}")
set(manifest "${CMAKE_MATCH_1}")
if(code STREQUAL "" OR manifest STREQUAL "")
    message(FATAL_ERROR "plugins/README.md has no cpp/json example")
endif()
file(WRITE ${WORK}/hit_rate_at_1.cpp "${code}")
file(WRITE ${WORK}/hit_rate_at_1.json "${manifest}")
execute_process(COMMAND ${CXX} -std=c++20 -O2 -fPIC -shared -fvisibility=hidden -I${SOURCE_DIR}/core/include
                        ${WORK}/hit_rate_at_1.cpp -o ${WORK}/librs_hit_rate_at_1.so -L${LIB_DIR} -lrecscope_core
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the README's plugin does not compile:\n${err}")
endif()
file(WRITE ${WORK}/spec.json [=[{"name": "t", "dataset": {"synthetic": {"users": 100, "items": 50}}, "device": "cpu",
  "eval": {"metrics": ["Hit", "TopHit"], "ks": [1, 10], "valid_metric": "Hit@10"}, "models": [{"id": "pop"}]}]=])
set(ENV{RECSCOPE_PLUGIN_PATH} ${WORK})
execute_process(COMMAND ${CLI} plugins OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "hit_rate_at_1 1\\.0\\.0  \\[loaded\\]")
    message(FATAL_ERROR "the README's plugin was not loaded:\n${out}")
endif()
execute_process(COMMAND ${CLI} run ${WORK}/spec.json --db ${WORK}/t.db --quiet OUTPUT_VARIABLE out RESULT_VARIABLE rc ERROR_VARIABLE err)
# model status train_s epochs Hit@1 Hit@10 TopHit@1 TopHit@10
if(NOT rc EQUAL 0 OR NOT out MATCHES "Pop +finished +[0-9.]+ +0 +([0-9.]+) +[0-9.]+ +([0-9.]+) +([0-9.]+)")
    message(FATAL_ERROR "the run with TopHit failed:\n${out}\n${err}")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL CMAKE_MATCH_2 OR NOT CMAKE_MATCH_1 STREQUAL CMAKE_MATCH_3)
    message(FATAL_ERROR "TopHit@1 ${CMAKE_MATCH_2} and TopHit@10 ${CMAKE_MATCH_3} should both equal Hit@1 ${CMAKE_MATCH_1}:\n${out}")
endif()
message(STATUS "README plugin: Hit@1 = TopHit@1 = TopHit@10 = ${CMAKE_MATCH_1}")
