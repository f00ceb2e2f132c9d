//! The SPASER measurement in French: indicators, score, compliance, caveats, defects and how each ESS
//! holder was recognised; and the JSON documents of `essor spaser`.

use std::fmt::Write;

use serde_json::{Value, json};

use super::{decimal, escape, eur, percent};
use crate::spaser::BuyersList;
use crate::spaser::contract::{Defect, DefectKind};
use crate::spaser::holders::{NameEvidence, Recognition};
use crate::spaser::measure::{Caveat, ComplianceShare, Indicator, Measurement, Role, Unit};
use crate::spaser::report::BuyerReport;
use crate::spaser::sirene::SireneBasis;
use crate::spaser::targets::Code;

/// What an indicator measures.
pub fn indicator_label(code: Code) -> &'static str {
    match code {
        Code::S1 => "Considération sociale (en nombre de marchés)",
        Code::S2 => "Considération sociale (en montant)",
        Code::E1 => "Considération environnementale (en nombre de marchés)",
        Code::E2 => "Considération environnementale (en montant)",
        Code::R1 => "Marchés réservés (en montant)",
        Code::I1 => "Achats aux structures inclusives et de l'ESS (en montant)",
    }
}

/// Why a record was not counted, or what is wrong with it.
pub fn defect_reason(kind: &DefectKind) -> String {
    match kind {
        DefectKind::Unreadable { detail } => format!("enregistrement illisible ({detail}) : non compté"),
        DefectKind::Truncated { detail } => format!("JSON interrompu ({detail}) : la suite du fichier est illisible"),
        DefectKind::NotUtf8 => "ligne qui n'est pas en UTF-8 : non comptée (enregistrez le fichier en UTF-8)".into(),
        DefectKind::NotAnObject => "élément de la liste qui n'est pas un objet JSON : non compté".into(),
        DefectKind::Concession => "contrat de concession : hors du périmètre des marchés mesurés".into(),
        DefectKind::MissingBuyer => "pas de SIRET d'acheteur : attribué à aucun acheteur, non compté".into(),
        DefectKind::InvalidBuyerSiret { value } => format!("SIRET d'acheteur « {value} » invalide : gardé tel quel"),
        DefectKind::MissingDate { value: Some(v) } => format!("date de notification « {v} » illisible : non compté"),
        DefectKind::MissingDate { value: None } => "pas de date de notification : année inconnue, non compté".into(),
        DefectKind::MissingId => "pas d'identifiant de marché : non compté".into(),
        DefectKind::MissingAmount => "montant absent ou illisible : compté pour 0 €".into(),
        DefectKind::ZeroAmount => "montant nul : compté en nombre, sans poids en montant".into(),
        DefectKind::NegativeAmount { value } => {
            format!("montant négatif ({}) : compté en nombre, pour 0 €", eur(*value))
        }
        DefectKind::InvalidHolderId { value } => {
            format!("identifiant de titulaire « {value} » invalide (ni SIRET ni SIREN) : non rapproché du catalogue")
        }
        DefectKind::MissingHolder => "aucun titulaire".into(),
        DefectKind::MissingCpv => "pas de code CPV".into(),
        DefectKind::UnknownConsideration { value } => format!("considération inconnue « {value} » : ignorée"),
        DefectKind::TestRecord => "enregistrement de test (objet « test… ») : non compté".into(),
        DefectKind::Duplicate { kept_id, kept_record } => {
            format!(
                "même marché publié deux fois : compté une fois (copie gardée : « {kept_id} », enregistrement {kept_record})"
            )
        }
        DefectKind::AmountsDiffer { kept_eur, other_eur } => {
            format!("copies au montant différent : {} retenu, {} écarté", eur(*kept_eur), eur(*other_eur))
        }
        DefectKind::ReusedId => {
            "identifiant et date déjà utilisés pour un marché d'autres titulaires : lots distincts, comptés tous deux"
                .into()
        }
    }
}

fn evidence_label(e: NameEvidence) -> &'static str {
    match e {
        NameEvidence::Esat => "ESAT",
        NameEvidence::EntrepriseAdaptee => "entreprise adaptée",
        NameEvidence::Insertion => "structure d'insertion",
        NameEvidence::Scic => "SCIC",
        NameEvidence::Scop => "SCOP",
        NameEvidence::Association => "association",
        NameEvidence::Cooperative => "coopérative",
        NameEvidence::Mutuelle => "mutuelle",
        NameEvidence::Fondation => "fondation",
    }
}

/// How a holder was recognised.
pub fn recognition_text(r: &Recognition) -> String {
    let kinds = |k: &[crate::domain::kind::Kind]| k.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ");
    match r {
        Recognition::CatalogueSiret { kinds: k } => format!("reconnu au catalogue par son SIRET ({})", kinds(k)),
        Recognition::CatalogueSiren { kinds: k } => format!("reconnu au catalogue par son SIREN ({})", kinds(k)),
        Recognition::Sirene { basis: SireneBasis::EssFlag, legal_category } => {
            format!("reconnu par SIRENE : unité légale de l'ESS (catégorie juridique {legal_category})")
        }
        Recognition::Sirene { basis: SireneBasis::LegalCategory, legal_category } => {
            format!("reconnu par SIRENE : statut de l'ESS par sa catégorie juridique ({legal_category})")
        }
        Recognition::PresumedByName { evidence } => {
            format!("présumé d'après son nom ou sa forme juridique ({})", evidence_label(*evidence))
        }
    }
}

/// A caveat in a sentence.
pub fn caveat_text(c: &Caveat) -> String {
    match c {
        Caveat::Declarative => "Les « clause sociale » et « critère social » des DECP sont déclaratifs et ne disent rien de leur intensité (heures d'insertion).".into(),
        Caveat::Under40k => "Les marchés de moins de 40 000 € HT ne sont pas publiés en DECP : ils manquent si l'acheteur ne les fournit pas.".into(),
        Caveat::CountAndValueDiverge { by_count, by_value } => format!(
            "{} (en nombre) et {} (en montant) divergent de plus de 10 points : L2111-3 admet l'un ou l'autre, les deux sont montrés.",
            by_count.as_str(), by_value.as_str()
        ),
        Caveat::ConsiderationsUnstated { contracts } => format!(
            "{contracts} marché(s) ne déclarent aucune valeur de considération sociale ou environnementale : aucune déclarée ou valeur inconnue, comptés comme sans considération."
        ),
        Caveat::PresumedHolders { holders } => format!(
            "{holders} titulaire(s) de l'ESS sont seulement présumés d'après leur nom : à vérifier (SIRENE, liste ESUS, Marché de l'inclusion, FINESS)."
        ),
        Caveat::NoCatalogue => "Pas de catalogue : I1 ne repose que sur les noms des titulaires et manque les structures de l'ESS au nom ordinaire.".into(),
        Caveat::SharedContracts { contracts } => format!(
            "{contracts} marché(s) à plusieurs titulaires : chaque titulaire est compté pour une part égale du montant (les DECP ne donnent pas la répartition)."
        ),
        Caveat::GovernanceUndeclared => "Porte de gouvernance G non déclarée (SPASER adopté et publié, indicateurs publiés depuis moins de 2 ans) : elle compte 0 dans le score.".into(),
        Caveat::ConsultationDateUnknown => "C1 et C2 portent sur les marchés notifiés à partir du 22/08/2026 : les DECP ne donnent pas la date de lancement de la consultation.".into(),
        Caveat::CpvMissing { contracts } => format!(
            "{contracts} marché(s) notifiés depuis le 22/08/2026 sans code CPV : pour C2, le seuil européen des fournitures et services leur est appliqué."
        ),
        Caveat::IncompleteSample { in_file, published } => format!(
            "Échantillon incomplet : le fichier contient {in_file} marché(s) de cet acheteur depuis 2023 sur {published} publiés ; les indicateurs décrivent l'échantillon, pas l'acheteur."
        ),
    }
}

fn share(value: Option<f64>) -> String {
    value.map(percent).unwrap_or_else(|| "—".into())
}

fn quantity(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Contracts => format!("{value:.0}"),
        Unit::Euros => eur(value.round()),
    }
}

fn indicator_line(i: &Indicator) -> String {
    format!(
        "  {} {:<58} {:>7}  cible {:>6}  atteinte {:>6}  ({} / {})",
        i.code.as_str(),
        indicator_label(i.code),
        share(i.observed),
        percent(i.target),
        share(i.attainment),
        quantity(i.numerator, i.unit),
        quantity(i.denominator, i.unit)
    )
}

fn compliance_line(name: &str, rule: &str, c: &ComplianceShare) -> String {
    let failing =
        if c.failing.is_empty() { String::new() } else { format!(" — en défaut : {}", c.failing.join(", ")) };
    format!("  {name} {rule} : {} ({} sur {}){failing}", share(c.observed), c.compliant, c.contracts)
}

/// One year of a buyer as text.
pub fn measurement_text(m: &Measurement) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n=== Acheteur {} — année {} : {} marché(s), {}",
        m.buyer,
        m.year,
        m.contracts,
        eur(m.value_eur.round())
    );
    for i in m.indicators.all() {
        let _ = writeln!(out, "{}", indicator_line(i));
    }
    let gate = if m.governance.declared { "déclarée" } else { "non déclarée" };
    let _ = writeln!(out, "  G  Gouvernance (SPASER adopté et publié) : {gate}");
    let _ = writeln!(out, "Score : {} / 100", decimal(m.score));
    let _ = writeln!(out, "Conformité légale (hors score) :");
    let _ = writeln!(out, "{}", compliance_line("C1", "condition et critère environnementaux", &m.compliance.C1));
    let _ = writeln!(
        out,
        "{}",
        compliance_line("C2", "condition sociale au-dessus des seuils européens", &m.compliance.C2)
    );
    if !m.ess_holders.is_empty() {
        let _ = writeln!(out, "Titulaires de l'ESS (I1) :");
        for h in &m.ess_holders {
            let role = match h.role {
                Role::Holder => "titulaire",
                Role::Subcontractor => "sous-traitant",
            };
            let _ = writeln!(
                out,
                "  - marché {} : {} {} ({}) — {} — {}",
                h.contract_id,
                role,
                h.name.as_deref().unwrap_or("sans nom"),
                h.id,
                eur(h.value_eur.round()),
                recognition_text(&h.recognition)
            );
        }
    }
    let _ = writeln!(out, "Limites :");
    for c in &m.caveats {
        let _ = writeln!(out, "  - {}", caveat_text(c));
    }
    out
}

/// A buyer report as text: contracts by year, each year measured, the defects.
pub fn report_text(r: &BuyerReport) -> String {
    let mut out = String::new();
    let years: Vec<String> =
        r.by_year.iter().map(|y| format!("{} : {} ({})", y.year, y.contracts, eur(y.value_eur.round()))).collect();
    let _ = writeln!(
        out,
        "Acheteur {} — marchés du fichier par année : {}",
        r.buyer,
        if years.is_empty() { "aucun".into() } else { years.join(" ; ") }
    );
    if let Some(s) = &r.sample {
        let _ = writeln!(
            out,
            "Échantillon {} : {} marché(s) depuis 2023 dans le fichier, {} publiés par l'acheteur.",
            if s.complete { "complet" } else { "incomplet" },
            s.in_file_since_2023,
            s.published_since_2023
        );
    }
    for m in &r.years {
        out.push_str(&measurement_text(m));
    }
    if r.years.len() > 1 {
        let _ = writeln!(out, "\nÉvolution :");
        for m in &r.years {
            let cells: Vec<String> =
                m.indicators.all().iter().map(|i| format!("{} {}", i.code.as_str(), share(i.observed))).collect();
            let _ = writeln!(out, "  {} : {} — score {}", m.year, cells.join(" · "), decimal(m.score));
        }
    }
    out.push_str(&super::potential::potential_text(&r.potential));
    let _ = writeln!(out, "\n{} anomalie(s) dans les marchés de l'acheteur :", r.defects.len());
    defect_lines(&r.defects, &mut out);
    if !r.unattributed.is_empty() {
        let _ = writeln!(
            out,
            "{} enregistrement(s) sans acheteur ou illisibles, attribués à personne :",
            r.unattributed.len()
        );
        defect_lines(&r.unattributed, &mut out);
    }
    out
}

/// Defects listed one per line, the first [`DEFECTS_LISTED`] only; the JSON lists them all.
fn defect_lines(defects: &[Defect], out: &mut String) {
    for d in defects.iter().take(DEFECTS_LISTED) {
        let _ = writeln!(out, "  - {}", defect_line(d));
    }
    if defects.len() > DEFECTS_LISTED {
        let _ =
            writeln!(out, "  … et {} autre(s) (--format json pour la liste complète)", defects.len() - DEFECTS_LISTED);
    }
}

/// Most defects listed in the text report.
pub const DEFECTS_LISTED: usize = 100;

fn defect_line(d: &Defect) -> String {
    let id = d.id.as_deref().map(|i| format!(" marché {i}")).unwrap_or_default();
    format!("enregistrement {}{id} : {}", d.record, defect_reason(&d.kind))
}

/// The list of buyers as text.
pub fn buyers_text(list: &BuyersList) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} acheteur(s) :", list.buyers.len());
    for b in &list.buyers {
        let flag = if b.above_obligation.is_empty() {
            String::new()
        } else {
            let years: Vec<String> = b.above_obligation.iter().map(|y| y.to_string()).collect();
            format!(" — plus de 50 M€ notifiés en {} : SPASER obligatoire (L2111-3)", years.join(", "))
        };
        let sample = match &b.sample {
            Some(s) if !s.complete => format!(
                " — échantillon incomplet ({} sur {} depuis 2023)",
                s.in_file_since_2023, s.published_since_2023
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {} : {} marché(s), {} — S1 {} · E1 {} · I1 {}{flag}{sample}",
            b.buyer,
            b.contracts,
            eur(b.value_eur.round()),
            share(b.s1),
            share(b.e1),
            share(b.i1)
        );
    }
    let _ = writeln!(out, "{} enregistrement(s) sans acheteur ou illisibles :", list.unattributed.len());
    defect_lines(&list.unattributed, &mut out);
    let _ = writeln!(out, "{} anomalie(s) en tout (détail par acheteur avec --buyer).", list.defects);
    out
}

fn defects_json(defects: &[Defect]) -> Value {
    Value::Array(
        defects
            .iter()
            .map(|d| {
                let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut v {
                    map.insert("reason".into(), Value::String(defect_reason(&d.kind)));
                }
                v
            })
            .collect(),
    )
}

fn measurement_json(m: &Measurement) -> Value {
    let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert(
            "caveat_texts".into(),
            Value::Array(m.caveats.iter().map(|c| Value::String(caveat_text(c))).collect()),
        );
        if let Some(Value::Array(holders)) = map.get_mut("ess_holders") {
            for (h, value) in m.ess_holders.iter().zip(holders.iter_mut()) {
                if let Value::Object(o) = value {
                    o.insert("recognised".into(), Value::String(recognition_text(&h.recognition)));
                }
            }
        }
    }
    v
}

/// The JSON of `essor spaser --buyer`: one year gives one object (`buyer`, `year`, `contracts`,
/// `value_eur`, `indicators`, `score`, `compliance`, …); several give `{"buyer", "years": [...]}`.
pub fn report_json(r: &BuyerReport) -> Value {
    let extras = json!({
        "by_year": r.by_year,
        "sample": r.sample,
        "defects": defects_json(&r.defects),
        "unattributed": defects_json(&r.unattributed),
        "potential": super::potential::potential_json(&r.potential),
    });
    let mut base = match r.years.as_slice() {
        [one] => measurement_json(one),
        many => json!({"buyer": r.buyer, "years": many.iter().map(measurement_json).collect::<Vec<_>>()}),
    };
    if let (Value::Object(map), Value::Object(more)) = (&mut base, extras) {
        map.extend(more);
    }
    base
}

/// The JSON of `essor spaser --buyers`.
pub fn buyers_json(list: &BuyersList) -> Value {
    json!({
        "buyers": list.buyers,
        "unattributed": defects_json(&list.unattributed),
        "defects": list.defects,
    })
}

fn measurement_html(m: &Measurement, out: &mut String) {
    let _ = write!(
        out,
        "<section><h2>Année {} — {} marché(s), {}</h2>{}<table><thead><tr><th>Code</th><th>Indicateur</th>\
         <th>Observé</th><th>Cible</th><th>Atteinte</th><th>Numérateur / dénominateur</th></tr></thead><tbody>",
        m.year,
        m.contracts,
        escape(&eur(m.value_eur.round())),
        super::charts::indicators_chart(m)
    );
    for i in m.indicators.all() {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td></tr>",
            i.code.as_str(),
            escape(indicator_label(i.code)),
            share(i.observed),
            percent(i.target),
            share(i.attainment),
            escape(&quantity(i.numerator, i.unit)),
            escape(&quantity(i.denominator, i.unit)),
        );
    }
    let gate = if m.governance.declared { "déclarée" } else { "non déclarée (compte 0)" };
    let _ = write!(
        out,
        "</tbody></table><p>Gouvernance G : {gate}. <strong>Score : {} / 100</strong></p>",
        decimal(m.score)
    );
    let _ = write!(
        out,
        "<h3>Conformité légale (hors score)</h3><ul><li>{}</li><li>{}</li></ul>",
        escape(&compliance_line("C1", "condition et critère environnementaux", &m.compliance.C1)),
        escape(&compliance_line("C2", "condition sociale au-dessus des seuils européens", &m.compliance.C2))
    );
    if !m.ess_holders.is_empty() {
        out.push_str("<h3>Titulaires de l'ESS (I1)</h3><ul>");
        for h in &m.ess_holders {
            let _ = write!(
                out,
                "<li>Marché {} : {} ({}) — {} — {}</li>",
                escape(&h.contract_id),
                escape(h.name.as_deref().unwrap_or("sans nom")),
                escape(&h.id),
                escape(&eur(h.value_eur.round())),
                escape(&recognition_text(&h.recognition))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("<h3>Limites</h3><ul>");
    for c in &m.caveats {
        let _ = write!(out, "<li>{}</li>", escape(&caveat_text(c)));
    }
    out.push_str("</ul></section>");
}

/// A buyer report as one printable HTML page, its charts in inline SVG ([`super::charts`]), without
/// any script.
pub fn report_html(r: &BuyerReport) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>SPASER — acheteur {b}</title>\
         <style>body{{font-family:sans-serif;max-width:60rem;margin:1rem auto;color:#222}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ccc;padding:.2rem .4rem;text-align:left;font-size:.9rem}}\
         section{{page-break-inside:avoid}}@media print{{body{{margin:0}}}}</style></head><body>\
         <h1>Indicateurs SPASER — acheteur {b}</h1>",
        b = escape(&r.buyer)
    );
    let years: Vec<String> =
        r.by_year.iter().map(|y| format!("{} : {} ({})", y.year, y.contracts, eur(y.value_eur.round()))).collect();
    let _ = write!(out, "<p>Marchés du fichier par année : {}</p>", escape(&years.join(" ; ")));
    if let Some(s) = &r.sample {
        let _ = write!(
            out,
            "<p>Échantillon {} : {} marché(s) depuis 2023 dans le fichier, {} publiés par l'acheteur.</p>",
            if s.complete { "complet" } else { "incomplet" },
            s.in_file_since_2023,
            s.published_since_2023
        );
    }
    out.push_str(
        "<p>Barres : part observée de chaque indicateur (verte si la cible est atteinte) ; trait noir : la cible.</p>",
    );
    if let Some(trend) = super::charts::trend_chart(&r.years) {
        let _ = write!(out, "<section><h2>Évolution sur les années mesurées</h2>{trend}</section>");
    }
    for m in &r.years {
        measurement_html(m, &mut out);
    }
    out.push_str(&super::potential::potential_html(&r.potential));
    let _ = write!(out, "<h2>{} anomalie(s) dans les marchés de l'acheteur</h2><ul>", r.defects.len());
    for d in &r.defects {
        let _ = write!(out, "<li>{}</li>", escape(&defect_line(d)));
    }
    out.push_str("</ul></body></html>\n");
    out
}
