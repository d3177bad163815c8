# Runs recscope-cli as a user would and checks exit codes and messages.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(expect_run code pattern)
    execute_process(COMMAND ${CLI} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL ${code})
        message(FATAL_ERROR "recscope-cli ${ARGN}: exit ${rc}, expected ${code}\n${out}\n${err}")
    endif()
    if(NOT "${out}${err}" MATCHES "${pattern}")
        message(FATAL_ERROR "recscope-cli ${ARGN}: output lacks '${pattern}'\n${out}\n${err}")
    endif()
endfunction()

expect_run(0 "run SPEC" --help)
expect_run(0 "--db FILE" run --help)
expect_run(2 "unknown command" frobnicate)
expect_run(0 "users +3" dataset inspect ${DATA}/ml-100k)
expect_run(0 "interactions +3" dataset inspect ${DATA}/recbole/tiny)
expect_run(0 "feedback +cart" dataset inspect ${DATA}/csv/events.csv --user customer --item product --feedback event)
# Without a mapping the CLI proposes the import dialog's (tst_loaders checks the rule) and says so.
expect_run(0 "feedback +cart.*guessed the column mapping from the header: user=customer, item=product, time=ts, feedback=event, categories=tags"
           dataset inspect ${DATA}/csv/events.csv) # stdout, then stderr
expect_run(1 "bad.inter:3: field 'rating'" dataset inspect ${DATA}/bad/bad.inter)
expect_run(0 "users +300" dataset inspect synthetic --users 300 --items 200 --genres 4 --mean-length 12)
expect_run(2 "--users must be a whole number" dataset inspect synthetic --users many)
expect_run(0 "sasrec" models)

# The kernels' tuned variants, in a cache of this test's own.
set(ENV{RECSCOPE_KERNEL_CACHE} ${WORK}/kernels.json)
expect_run(0 "CPU kernels: fused HSTU attention" kernels list)
expect_run(2 "usage: recscope-cli kernels" kernels frobnicate)
expect_run(2 "--budget must be positive" kernels tune --budget 0)
expect_run(1 "device.*tpu" kernels tune --device tpu)
expect_run(1 "bucket.*d_qk<=16" kernels tune --bucket "d_qk<=16")
expect_run(0 "hstu_attention +d_qk<=16 n<=256 +[0-9]+x[0-9]+" kernels tune --budget 0.3 --bucket "d_qk<=16 n<=256")
expect_run(0 "hstu_attention +d_qk<=16 n<=256" kernels list)
expect_run(0 "removed .*kernels.json \\(1 tuned variant\\)" kernels clear)

# A spec run with a relative path from the folder above it: the stored spec names the data by its
# absolute path, so the run re-evaluates from any folder (before: the relative path was stored).
file(MAKE_DIRECTORY ${WORK}/rel)
set(rows "user,item,ts\n")
foreach(u RANGE 29)
    foreach(k RANGE 5)
        math(EXPR item "(${u} * 7 + ${k} * 3) % 20")
        string(APPEND rows "u${u},i${item},${u}0${k}\n")
    endforeach()
endforeach()
file(WRITE ${WORK}/rel/ev.csv "${rows}")
file(WRITE ${WORK}/rel/rel.json [=[{"dataset": {"path": "ev.csv", "format": "csv", "mapping": {"user": "user", "item": "item", "time": "ts"}},
  "eval": {"ks": [5]}, "models": [{"id": "pop"}]}]=])
execute_process(COMMAND ${CLI} run rel/rel.json --db rel/rel.db --quiet WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run rel/rel.json: exit ${rc}\n${err}")
endif()
expect_run(0 "run 1 reproduces" evaluate 1 --db ${WORK}/rel/rel.db)

file(WRITE ${WORK}/bad_spec.json [=[{"models": [{"id": "bpr", "params": {"learning_rate": "fast"}}]}]=])
expect_run(1 "models\\[0\\]\\.params\\.learning_rate" run ${WORK}/bad_spec.json --db ${WORK}/p.db)

# Runs that used to "finish" with metrics of nobody: preparation leaves no rows, the split no test part.
file(WRITE ${WORK}/no_rows.json [=[{"dataset": {"synthetic": {"users": 50, "items": 40}}, "prepare": {"user_core": 100000},
  "models": [{"id": "pop"}]}]=])
expect_run(1 "'prepare': no interactions are left after preparation" run ${WORK}/no_rows.json --db ${WORK}/empty.db)
file(WRITE ${WORK}/two_rows.csv "u,i\na,x\na,y\nb,x\nb,z\n")
file(WRITE ${WORK}/no_test.json [=[{"dataset": {"path": "two_rows.csv", "format": "csv", "mapping": {"user": "u", "item": "i"}}, "eval": {"ks": [1]},
  "models": [{"id": "pop"}]}]=])
expect_run(1 "'split': the leave_one_out split leaves no test interactions" run ${WORK}/no_test.json --db ${WORK}/empty.db)
# Neither refused spec left a dataset or experiment row behind.
find_program(PYTHON3 python3 REQUIRED)
execute_process(COMMAND ${PYTHON3} -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(sum(c.execute(f'SELECT COUNT(*) FROM {t}').fetchone()[0] for t in ('datasets', 'experiments')))"
                ${WORK}/empty.db RESULT_VARIABLE counted OUTPUT_VARIABLE stray OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT counted EQUAL 0 OR NOT stray STREQUAL "0")
    message(FATAL_ERROR "refused specs left ${stray} dataset/experiment rows in ${WORK}/empty.db")
endif()

file(WRITE ${WORK}/small.json [=[{"name": "small", "dataset": {"synthetic": {"users": 150, "items": 120}},
  "eval": {"metrics": ["NDCG", "Hit", "ItemCoverage"], "ks": [5, 10]}, "device": "cpu",
  "models": [{"id": "pop"}, {"id": "bpr", "params": {"epochs": 2}}]}]=])
expect_run(0 "BPR-MF +finished" run ${WORK}/small.json --db ${WORK}/p.db)
if(NOT EXISTS ${WORK}/p.db)
    message(FATAL_ERROR "the project database was not written")
endif()
expect_run(0 "2  BPR-MF +finished +2  no +0\\.[0-9]+" runs --db ${WORK}/p.db)
expect_run(1 "run 2 is finished; only a cancelled" resume 2 --db ${WORK}/p.db)
expect_run(1 "there is no run 9" resume 9 --db ${WORK}/p.db)
expect_run(2 "positive run id, not 'x'" resume x --db ${WORK}/p.db)
expect_run(2 "missing.db: no such file" runs --db ${WORK}/missing.db)
# show: one run in full; its test NDCG@10 is the database's, read here with Python's sqlite3.
expect_run(0 "run 2: BPR-MF \\(bpr\\), finished\n.*epochs 2 \\(best [12]\\).*parameters: .*\"epochs\":2.*test metrics:\n.*NDCG@10" show 2 --db ${WORK}/p.db)
expect_run(1 "there is no run 9" show 9 --db ${WORK}/p.db)
expect_run(2 "usage: recscope-cli show" show --db ${WORK}/p.db)
execute_process(COMMAND ${CLI} show 2 --db ${WORK}/p.db --json OUTPUT_VARIABLE shown RESULT_VARIABLE rc)
string(JSON shownNdcg GET "${shown}" test NDCG@10)
execute_process(COMMAND ${PYTHON3} -c "import sqlite3, sys; print(repr(sqlite3.connect(sys.argv[1]).execute(\"SELECT value FROM final_metrics WHERE run_id = 2 AND phase = 'test' AND name = 'NDCG@10'\").fetchone()[0]))"
                ${WORK}/p.db OUTPUT_VARIABLE storedNdcg OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${PYTHON3} -c "import sys; sys.exit(float(sys.argv[1]) != float(sys.argv[2]))" "${shownNdcg}" "${storedNdcg}"
                RESULT_VARIABLE differ)
if(NOT rc EQUAL 0 OR NOT differ EQUAL 0)
    message(FATAL_ERROR "show --json gives NDCG@10 ${shownNdcg}, the database holds ${storedNdcg}")
endif()

# Attention of a trained run (weights saved with --checkpoints).
file(WRITE ${WORK}/seq.json [=[{"name": "seq", "dataset": {"synthetic": {"users": 120, "items": 80}}, "device": "cpu",
  "eval": {"metrics": ["NDCG"], "ks": [10]},
  "models": [{"id": "sasrec", "params": {"epochs": 1, "max_len": 10, "hidden_size": 8}}]}]=])
expect_run(0 "SASRec +finished" run ${WORK}/seq.json --db ${WORK}/seq.db --checkpoints ${WORK}/ckpt --quiet)
expect_run(0 "layer,head,query,key,query_item,key_item,weight\n1,1,1,1,[^,]+,[^,]+,1\n" attention 1 --db ${WORK}/seq.db --user u0)
expect_run(2 "--user nobody: no such user" attention 1 --db ${WORK}/seq.db --user nobody)
expect_run(1 "has no saved model" attention 2 --db ${WORK}/p.db)

# A RecSAE probe of that run: train, list the dictionary, steer a latent.
expect_run(0 "probe run 2 \\(RecSAE · SASRec\\): finished.*ExplainedVariance" sae 1 --db ${WORK}/seq.db --epochs 2 --scale 2 --quiet)
expect_run(0 "latent +confidence +precision" concepts 2 --db ${WORK}/seq.db)
expect_run(0 "latent,kind,label,confidence" concepts 2 --db ${WORK}/seq.db --format csv)
expect_run(0 "\"histogram_counts\"" concepts 2 --db ${WORK}/seq.db --format json)
expect_run(0 "concept items in the top 5: [0-9.]+% before, [0-9.]+% after" steer 2 --db ${WORK}/seq.db --latent 0 --factor 3 --users u1,u2 --k 5)
expect_run(2 "--users: no user 'nobody'" steer 2 --db ${WORK}/seq.db --latent 0 --users nobody)
expect_run(1 "'latent': 99 is not 0 to 15" steer 2 --db ${WORK}/seq.db --latent 99 --users u1)
expect_run(2 "is not a RecSAE probe" concepts 1 --db ${WORK}/seq.db)
expect_run(1 "'sae.k': must be 1 to 4096" sae 1 --db ${WORK}/seq.db --k 0)
expect_run(2 "--scale must be a whole number" sae 1 --db ${WORK}/seq.db --scale big)
expect_run(1 "has no saved model" sae 2 --db ${WORK}/p.db)

# An audit of the SASRec run, and a spec whose "audits" section audits every run it trains.
expect_run(0 "users grouped by 'group'.*NDCG@10 +0\\.[0-9]+ \\[.*attribute attacker on the lists: accuracy" audit 1 --db ${WORK}/seq.db --bootstrap 50)
expect_run(0 "\"attacker\":" audit 1 --db ${WORK}/seq.db --bootstrap 20 --json)
expect_run(1 "'audit.attribute': no user attribute 'age'; it has: group" audit 1 --db ${WORK}/seq.db --attribute age)
expect_run(1 "is a RecSAE probe|is not in its experiment" audit 2 --db ${WORK}/seq.db)
file(WRITE ${WORK}/audited.json [=[{"name": "audited", "dataset": {"synthetic": {"users": 120, "items": 80}}, "device": "cpu",
  "eval": {"metrics": ["NDCG"], "ks": [10]}, "audits": {"k": 5, "bootstrap": 20},
  "models": [{"id": "pop"}]}]=])
expect_run(0 "Pop +finished" run ${WORK}/audited.json --db ${WORK}/audited.db)
file(WRITE ${WORK}/bad_audit.json [=[{"audits": {"k": 0}, "models": [{"id": "pop"}]}]=])
expect_run(1 "'audits.k': .*must be 1 to 1000" run ${WORK}/bad_audit.json --db ${WORK}/bad_audit.db)
expect_run(0 "audit of run 1 \\(Pop\\), top-5" audit 1 --db ${WORK}/audited.db --stored)
expect_run(2 "run 1 has no stored audit" audit 1 --db ${WORK}/p.db --stored)

# The source feedback loop on a run's data, stored and read back; extraction of the SASRec run.
expect_run(0 "source feedback loop on run 1 \\(Pop\\).*with black-box debiasing" loop 1 --db ${WORK}/audited.db --rounds 2 --epochs 1 --history-length 4)
expect_run(0 "without debiasing" loop 1 --db ${WORK}/audited.db --stored)
# Every config field is an option, derived from its one description (help line, default, value).
expect_run(0 "\"history_length\":4" loop 1 --db ${WORK}/audited.db --stored --json)
expect_run(0 "without debiasing" loop 1 --db ${WORK}/audited.db --stored --seed 18446744073709551615)
expect_run(2 "--seed: '-1' is not a whole number" loop 1 --db ${WORK}/audited.db --stored --seed -1)
expect_run(0 "--history-length N +clicks the user encoder reads \\(user_log_length\\) \\[10\\]" loop --help)
expect_run(0 "--no-debias +also run the arm with black-box debiasing \\[on; this switches it off\\]" loop --help)
expect_run(0 "--head-share X +the head's share of training interactions.*\\[0.8\\]" audit --help)
expect_run(1 "'loop.eta': must be -1" loop 1 --db ${WORK}/audited.db --eta -3)
expect_run(0 "model extraction of run 1 \\(SASRec\\).*few-shot +200" extract 1 --db ${WORK}/seq.db --budgets 200 --epochs 2 --eval-users 40 --variants few-shot)
expect_run(1 "not a sequential ranking model" extract 1 --db ${WORK}/audited.db --budgets 200)
expect_run(2 "--budgets: 'lots' is not a whole number" extract 1 --db ${WORK}/seq.db --budgets lots)

# Reports: HTML with inline charts, the numbers as JSON and CSV; bad requests named.
expect_run(0 "wrote .*report.html" report ${WORK}/audited.db --out ${WORK}/report.html)
file(READ ${WORK}/report.html html)
if(NOT html MATCHES "<svg" OR NOT html MATCHES "Fairness and popularity bias" OR NOT html MATCHES "Source bias in a feedback loop")
    message(FATAL_ERROR "report.html lacks its charts or sections")
endif()
expect_run(0 "wrote" report ${WORK}/audited.db --out ${WORK}/report.json --runs 1)
expect_run(0 "wrote" report ${WORK}/audited.db --out ${WORK}/report.csv)
file(READ ${WORK}/report.csv csv)
if(NOT csv MATCHES "^run,label,model,status,metric,value\n1,Pop,pop,finished,NDCG@10,0\\.[0-9]+")
    message(FATAL_ERROR "report.csv: unexpected content\n${csv}")
endif()
expect_run(0 "wrote .*report.pdf" report ${WORK}/audited.db --out ${WORK}/report.pdf)
file(READ ${WORK}/report.pdf pdf LIMIT 8)
if(NOT pdf MATCHES "^%PDF-1\\.[4-7]")
    message(FATAL_ERROR "report.pdf does not start as a PDF: '${pdf}'")
endif()
expect_run(1 "'out': .*report.docx: the report is written as .html, .pdf, .json or .csv" report ${WORK}/audited.db --out ${WORK}/report.docx)
expect_run(1 "'runs': the project audited.db has no run 99" report ${WORK}/audited.db --out ${WORK}/r.html --runs 99)
expect_run(2 "no such project database" report ${WORK}/missing.db --out ${WORK}/r.html)

# Reproducibility: a run's saved model evaluated afresh gives its stored metrics.
expect_run(0 "run 1 reproduces: largest difference" evaluate 1 --db ${WORK}/seq.db)
expect_run(0 "\"reproduced\": true" evaluate 1 --db ${WORK}/seq.db --json)
expect_run(1 "has no saved model" evaluate 2 --db ${WORK}/p.db)
expect_run(2 "--tolerance: expected a number" evaluate 1 --db ${WORK}/seq.db --tolerance -1)

# A split as RecBole benchmark files, read back by a "files" split; a missing part is named.
expect_run(0 "[0-9]+ +.*exported/syn/syn\\.train\\.inter.*syn\\.valid\\.inter.*syn\\.test\\.inter" split export ${WORK}/small.json --out ${WORK}/exported/syn)
file(WRITE ${WORK}/files.json [=[{"name": "files", "dataset": {"format": "recbole", "path": "exported/syn"}, "split": {"kind": "files"},
  "device": "cpu", "eval": {"metrics": ["NDCG"], "ks": [5]}, "models": [{"id": "pop"}]}]=])
expect_run(0 "Pop +finished" run ${WORK}/files.json --db ${WORK}/files.db)
file(REMOVE ${WORK}/exported/syn/syn.valid.inter)
expect_run(1 "syn\\.valid\\.inter: the valid part of the split is missing" run ${WORK}/files.json --db ${WORK}/files.db)
expect_run(2 "--format: expected recbole, recbole-seq or tsv" split export ${WORK}/small.json --out ${WORK}/x --format parquet)

# A sweep over two learning rates and two seeds: trials on validation, the selected one tested.
file(WRITE ${WORK}/sweep.json [=[{"name": "sweep", "dataset": {"synthetic": {"users": 150, "items": 120}}, "device": "cpu",
  "eval": {"metrics": ["NDCG"], "ks": [10]}, "repeat": {"seeds": [1, 2]},
  "models": [{"id": "bpr", "params": {"epochs": 2}, "sweep": {"learning_rate": {"values": [0.001, 0.05]}}}]}]=])
expect_run(0 "sweep 1: BPR-MF, grid search, 2 trials × 2 seed\\(s\\).*selected: trial [12] \\(learning_rate=[0-9.]+\\), chosen from 2 trials on validation only.*NDCG@10 +0\\.[0-9]+ ± 0\\.[0-9]+ \\[" sweep ${WORK}/sweep.json --db ${WORK}/sweep.db --quiet)
expect_run(0 "\"selected_trial\": [12]" sweep --show 1 --db ${WORK}/sweep.db --json)
expect_run(1 "is a sweep trial, judged on validation only" evaluate 1 --db ${WORK}/sweep.db)
expect_run(1 "'sweep': sweep 1 is finished" sweep --resume 1 --db ${WORK}/sweep.db)
file(WRITE ${WORK}/twice.json [=[{"repeat": {"seeds": [1, 1]}, "models": [{"id": "pop"}]}]=])
expect_run(1 "'repeat.seeds\\[1\\]': .*twice.json: seed 1 is listed twice" run ${WORK}/twice.json --db ${WORK}/x.db --quiet)
