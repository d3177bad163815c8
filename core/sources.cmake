# SPDX-License-Identifier: MIT
# Core's sources in one place, relative to core/src, for the library (core/CMakeLists.txt), the
# sanitizer lane (tests/sanitize) and the fuzz targets (tests/fuzz). Module by module, bottom up
# (docs/ARCHITECTURE.md: the module graph).

# Readers of untrusted input and what they need: no LibTorch model code (the fuzz targets).
set(RECSCOPE_CORE_PARSER_SOURCES
    util/error.cpp util/log.cpp util/utf8.cpp util/json_reader.cpp util/params.cpp util/csv_field.cpp
    util/run_observer.cpp util/task_kind.cpp
    data/dataset.cpp data/dataset_builder.cpp data/text_reader.cpp data/movielens_loader.cpp
    data/recbole_loader.cpp data/delimited_loader.cpp data/loaders.cpp data/mapping_guess.cpp data/synthetic.cpp
    split/split.cpp
    eval/evaluation.cpp
    registry/registry.cpp
    experiment/experiment_spec.cpp experiment/spec_readers.cpp experiment/spec_writer.cpp experiment/sweep.cpp
    experiment/audit_config.cpp attack/attack_config.cpp
    sae/sae_config.cpp audit/audit_json.cpp loop/feedback_loop_json.cpp extraction/extraction_json.cpp
    plugins/plugin_loader.cpp plugins/plugin_stamp.cpp
    report/svg_chart.cpp)

# The rest of what compiles without LibTorch's heavy headers: these skip its precompiled header
# (in core/CMakeLists.txt; all but the registry, which holds the SDK's factories).
set(RECSCOPE_CORE_LIGHT_SOURCES ${RECSCOPE_CORE_PARSER_SOURCES}
    data/prepare.cpp split/split_files.cpp split/split_export.cpp
    analysis/dataset_profile.cpp stats/statistics.cpp stats/run_groups.cpp
    store/sqlite_db.cpp store/migrations.cpp store/process_owner.cpp store/project_store.cpp store/run_store.cpp store/sweep_store.cpp
    store/audit_store.cpp store/concept_store.cpp store/concept_json.cpp store/versions.cpp
    report/run_colour.cpp)

# Models, training, evaluation, analyses and reports: LibTorch throughout.
set(RECSCOPE_CORE_TORCH_SOURCES
    model/train_data.cpp model/builtin_models.cpp model/pop.cpp model/item_knn.cpp model/bpr.cpp model/fairrec.cpp
    model/fairrec_sasrec.cpp model/fair_terms.cpp model/adversarial_bpr.cpp model/lightgcn.cpp model/sasrec_net.cpp
    model/hstu.cpp model/hstu_net.cpp model/sampled_softmax.cpp model/sequence_windows.cpp model/sequence_model.cpp model/sasrec.cpp
    kernels/time_buckets.cpp kernels/hstu_attention_cpu.cpp kernels/hstu_attention.cpp kernels/masked_topk_cpu.cpp
    kernels/masked_topk.cpp kernels/kernel_ops.cpp kernels/kernel_library.cpp kernels/kernel_cache.cpp
    kernels/kernel_problems.cpp kernels/kernel_tuner.cpp
    eval/ranking_evaluator.cpp
    ctr/ctr_data.cpp ctr/ctr_layers.cpp ctr/ctr_runner.cpp ctr/target_attention.cpp ctr/two_stage.cpp
    train/trainer.cpp train/module_files.cpp train/device.cpp train/compute.cpp
    attack/attack.cpp attack/optimised_attack.cpp attack/target_ranks.cpp
    experiment/run_identity.cpp
    analysis/loaded_run.cpp analysis/reevaluation.cpp analysis/run_inspector.cpp
    audit/attacker.cpp audit/audit_runner.cpp audit/bias_metrics.cpp audit/item_side.cpp
    extraction/black_box.cpp extraction/extraction.cpp extraction/surrogate.cpp extraction/synthesis.cpp
    loop/feedback_loop.cpp loop/loop_data.cpp loop/loop_net.cpp loop/loop_rounds.cpp
    sae/concept_builder.cpp sae/sequence_features.cpp sae/planted_recovery.cpp sae/probe_data.cpp sae/sae_lab.cpp sae/sae_probe.cpp
    sae/sae_trainer.cpp sae/sparse_autoencoder.cpp
    run/storing_observer.cpp run/task_run.cpp run/ranking_task.cpp run/ctr_task.cpp run/builtins.cpp
    run/experiment_runner.cpp run/experiment_sweep.cpp
    report/html_report.cpp report/html_analyses.cpp report/report_seeds.cpp report/pdf_canvas.cpp report/pdf_report.cpp report/report.cpp
    report/report_model.cpp)

# Prefixes each listed source with core/src's path: recscope_core_sources(out LIST...).
function(recscope_core_sources out)
    set(paths)
    foreach(list IN LISTS ARGN)
        foreach(file IN LISTS ${list})
            list(APPEND paths ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/src/${file})
        endforeach()
    endforeach()
    set(${out} ${paths} PARENT_SCOPE)
endfunction()
