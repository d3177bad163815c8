// SPDX-License-Identifier: MIT
// The concept dictionaries of sparse-autoencoder probes (schema step 2).
#include "store/concept_json.h"
#include "store/project_store_private.h"

namespace recscope::core {

using detail::Statement;

void ProjectStore::saveConcepts(std::int64_t runId, const std::vector<Concept> &concepts)
{
    auto tx = d->db.transaction();
    Statement del(d->db, "DELETE FROM concepts WHERE run_id = ?");
    del.bind(1, runId);
    del.stepDone();
    Statement ins(d->db,
                  "INSERT INTO concepts (run_id, latent, kind, label, subject, object, rec_genre, "
                  "confidence, precision, recall, "
                  "frequency, mean_activation, max_activation, details_json) VALUES "
                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto &c : concepts) {
        ins.bind(1, runId).bind(2, std::int64_t(c.latent)).bind(3, c.kind).bind(4, c.label);
        ins.bind(5, c.subject).bind(6, c.object).bind(7, c.recGenre);
        ins.bind(8, c.confidence).bind(9, c.precision).bind(10, c.recall).bind(11, c.frequency);
        ins.bind(12, c.meanActivation)
            .bind(13, c.maxActivation)
            .bind(14, detail::conceptDetails(c).dump());
        ins.stepDone();
        ins.reset();
    }
    tx.commit();
}

std::vector<Concept> ProjectStore::concepts(std::int64_t runId) const
{
    std::vector<Concept> out;
    Statement q(d->db,
                "SELECT latent, kind, label, subject, object, rec_genre, confidence, precision, "
                "recall, frequency, "
                "mean_activation, max_activation, details_json FROM concepts WHERE run_id = ? "
                "ORDER BY latent");
    q.bind(1, runId);
    while (q.step()) {
        Concept c;
        c.latent = int(q.int64(0));
        c.kind = q.text(1);
        c.label = q.text(2);
        c.subject = q.int64(3);
        c.object = q.int64(4);
        c.recGenre = q.int64(5);
        c.confidence = q.real(6);
        c.precision = q.real(7);
        c.recall = q.real(8);
        c.frequency = q.real(9);
        c.meanActivation = q.real(10);
        c.maxActivation = q.real(11);
        detail::readConceptDetails(nlohmann::json::parse(q.text(12)), c);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace recscope::core
