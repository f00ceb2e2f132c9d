//! The sectors a generated supplier works in, with CPV and NAF codes consistent with them.

use essor::domain::sector::Sector;
use essor::domain::{Cpv, CpvCatalogue, Taxonomy};

use super::profiles::{KindProfile, PROFILES};
use super::rng::{Rng, Weighted};
use super::vocabulary::{FamilyVocabulary, emphasis, vocabulary_for};

/// A sector ready to draw from.
#[derive(Debug)]
pub struct SectorEntry<'t> {
    /// The taxonomy's sector.
    pub sector: &'t Sector,
    /// The words of its family.
    pub vocabulary: &'static FamilyVocabulary,
    /// The family's sentences about this sector (its keywords occur in them), else all of them.
    pub sentences: Vec<&'static str>,
    /// Index of its family in the pool.
    family: usize,
    /// Real codes of the catalogue under its CPV prefixes (prefixes padded with zeros when the catalogue
    /// has none), sorted.
    cpv: Vec<Cpv>,
    /// The codes of its prefixes themselves (`79620000` for `7962`), the most general ones.
    general_cpv: Vec<Cpv>,
    /// Its complete NAF codes (`8121Z`; bare prefixes left out).
    naf: Vec<&'t str>,
}

/// The sectors of a taxonomy, weighted per generated kind by the affinities of the vocabulary.
#[derive(Debug)]
pub struct SectorPool<'t> {
    entries: Vec<SectorEntry<'t>>,
    /// Sector indices per family.
    families: Vec<Vec<usize>>,
    /// One weighted choice per profile of [`PROFILES`].
    per_profile: Vec<Weighted>,
    /// Per profile with its own NAF code, the sectors listing that code (with their emphasis).
    anchors: Vec<Vec<(usize, u64)>>,
}

impl<'t> SectorPool<'t> {
    /// The pool of a taxonomy; `None` when it has no sector.
    pub fn new(taxonomy: &'t Taxonomy, catalogue: &CpvCatalogue) -> Option<SectorPool<'t>> {
        let mut known: Vec<&str> = catalogue.iter().map(|(code, _)| code).collect();
        known.sort_unstable();
        let mut family_keys: Vec<&str> = Vec::new();
        let mut families: Vec<Vec<usize>> = Vec::new();
        let mut entries = Vec::with_capacity(taxonomy.sectors().len());
        for sector in taxonomy.sectors() {
            let family = match family_keys.iter().position(|k| *k == sector.family) {
                Some(i) => i,
                None => {
                    family_keys.push(&sector.family);
                    families.push(Vec::new());
                    families.len() - 1
                }
            };
            families[family].push(entries.len());
            let label = taxonomy.family(&sector.family).map(|f| f.label.as_str()).unwrap_or_default();
            let vocabulary = vocabulary_for(&sector.family, label);
            let cpv = codes_under(&sector.cpv_prefixes, &known);
            entries.push(SectorEntry {
                sector,
                vocabulary,
                sentences: sentences_about(sector, vocabulary, taxonomy),
                family,
                general_cpv: cpv
                    .iter()
                    .filter(|c| sector.cpv_prefixes.iter().any(|p| c.significant() == p))
                    .cloned()
                    .collect(),
                cpv,
                naf: sector.naf_prefixes.iter().map(String::as_str).filter(|n| is_complete_naf(n)).collect(),
            });
        }
        // A family weighs its kind's affinity; its sectors share that weight by emphasis.
        let family_emphasis: Vec<u64> =
            families.iter().map(|members| members.iter().map(|&i| emphasis(&entries[i].sector.key)).sum()).collect();
        let per_profile = PROFILES
            .iter()
            .map(|profile| {
                Weighted::new(entries.iter().map(|e| {
                    u64::from(e.vocabulary.affinity(profile.kind)) * 1000 * emphasis(&e.sector.key)
                        / family_emphasis[e.family]
                }))
            })
            .collect::<Option<Vec<_>>>()?;
        let anchors = PROFILES
            .iter()
            .map(|profile| {
                let own = profile.own_naf.unwrap_or_default();
                (0..entries.len())
                    .filter(|&i| !own.is_empty() && entries[i].naf.contains(&own))
                    .map(|i| (i, emphasis(&entries[i].sector.key)))
                    .collect()
            })
            .collect();
        Some(SectorPool { entries, families, per_profile, anchors })
    }

    /// A sector of the pool.
    pub fn entry(&self, index: usize) -> &SectorEntry<'t> {
        &self.entries[index]
    }

    /// One to three distinct sectors for a supplier of the profile, the main one first. A kind with its
    /// own NAF code starts with a sector listing it and adds sectors of other families (an AI provides
    /// staff for cleaning or catering); otherwise extra sectors come mostly from the main one's family.
    pub fn choose(&self, profile: usize, rng: &mut Rng) -> Vec<usize> {
        let table = &self.per_profile[profile];
        let anchors = &self.anchors[profile];
        let wanted = match (rng.below(100), anchors.is_empty()) {
            (0..25, false) | (0..55, true) => 1,
            (25..75, false) | (55..88, true) => 2,
            _ => 3,
        };
        let mut chosen = Vec::with_capacity(wanted);
        chosen.push(if anchors.is_empty() { table.sample(rng) } else { rng.pick_weighted(anchors) });
        let main_family = self.entries[chosen[0]].family;
        let siblings = &self.families[main_family];
        for _ in 0..wanted * 4 {
            if chosen.len() == wanted {
                break;
            }
            let candidate = if anchors.is_empty() && rng.chance(0.65) { rng.pick(siblings) } else { table.sample(rng) };
            let same_family_unwanted = !anchors.is_empty() && self.entries[candidate].family == main_family;
            if !chosen.contains(&candidate) && !same_family_unwanted {
                chosen.push(candidate);
            }
        }
        chosen
    }

    /// CPV codes for these sectors: one to three for the main one, starting with a general code of its
    /// prefixes when there is one, and up to two for the others.
    pub fn cpv_codes(&self, sectors: &[usize], rng: &mut Rng) -> Vec<Cpv> {
        let mut codes: Vec<Cpv> = Vec::with_capacity(4);
        for (rank, &index) in sectors.iter().enumerate() {
            let entry = &self.entries[index];
            if entry.cpv.is_empty() {
                continue;
            }
            let count = if rank == 0 { 1 + rng.below(3) } else { rng.below(3) };
            for draw in 0..count {
                let pool = if rank == 0 && draw == 0 && !entry.general_cpv.is_empty() {
                    &entry.general_cpv
                } else {
                    &entry.cpv
                };
                let code = &pool[rng.below(pool.len())];
                if !codes.contains(code) {
                    codes.push(code.clone());
                }
            }
        }
        codes
    }

    /// A NAF code consistent with the main sector: the kind's own or preferred code when the sector lists
    /// it, else one of the sector's codes, else the kind's own or preferred code.
    pub fn naf(&self, main: usize, profile: &KindProfile, rng: &mut Rng) -> Option<String> {
        let listed = &self.entries[main].naf;
        let mut kind_codes = profile.own_naf.iter().chain(profile.preferred_naf);
        let code = match kind_codes.clone().find(|n| listed.contains(n)) {
            Some(code) => Some(*code),
            None if !listed.is_empty() => Some(rng.pick(listed)),
            None => kind_codes.next().copied(),
        };
        code.map(str::to_string)
    }
}

/// The sentences of the vocabulary in which the taxonomy finds the sector, else all of them.
fn sentences_about(sector: &Sector, vocabulary: &'static FamilyVocabulary, taxonomy: &Taxonomy) -> Vec<&'static str> {
    let about: Vec<&'static str> = vocabulary
        .sentences
        .iter()
        .copied()
        .filter(|sentence| taxonomy.sectors_for_text(sentence).iter().any(|(s, _)| s.key == sector.key))
        .collect();
    if about.is_empty() { vocabulary.sentences.to_vec() } else { about }
}

/// Sorted codes of `known` (sorted) under any of the prefixes; a prefix with none gives itself padded
/// with zeros (`90911` → `90911000`, the code of that category).
fn codes_under(prefixes: &[String], known: &[&str]) -> Vec<Cpv> {
    let mut codes: Vec<Cpv> = Vec::new();
    for prefix in prefixes {
        let start = known.partition_point(|code| *code < prefix.as_str());
        let under: Vec<&&str> = known[start..].iter().take_while(|code| code.starts_with(prefix.as_str())).collect();
        if under.is_empty() {
            codes.extend(Cpv::parse(&format!("{prefix:0<8}")));
        } else {
            codes.extend(under.iter().filter_map(|code| Cpv::parse(code).ok()));
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

/// True for a complete NAF rév. 2 code: four digits and a letter.
fn is_complete_naf(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 5 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4].is_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_prefixes_to_known_codes_or_pads_them() {
        let known = ["90910000", "90911000", "90911200", "90919200", "90920000"];
        let codes = codes_under(&["90911".to_string(), "7731".to_string()], &known);
        let codes: Vec<&str> = codes.iter().map(Cpv::as_str).collect();
        assert_eq!(codes, vec!["77310000", "90911000", "90911200"]);
    }

    #[test]
    fn recognises_complete_naf_codes() {
        assert!(is_complete_naf("8121Z"));
        assert!(!is_complete_naf("812"));
        assert!(!is_complete_naf("8121"));
    }

    #[test]
    fn kinds_with_their_own_naf_start_with_a_sector_listing_it() {
        let pool = SectorPool::new(Taxonomy::builtin(), CpvCatalogue::builtin()).unwrap();
        let ai = PROFILES.iter().position(|p| p.kind == essor::domain::Kind::Ai).unwrap();
        let mut rng = Rng::new(17);
        let mut staff_only = 0;
        for _ in 0..300 {
            let sectors = pool.choose(ai, &mut rng);
            assert!(pool.entry(sectors[0]).naf.contains(&"7830Z"), "{}", pool.entry(sectors[0]).sector.key);
            let families: Vec<usize> = sectors.iter().map(|&s| pool.entry(s).family).collect();
            assert!(families[1..].iter().all(|f| *f != families[0]));
            staff_only += usize::from(sectors.len() == 1);
            assert_eq!(pool.naf(sectors[0], &PROFILES[ai], &mut rng).as_deref(), Some("7830Z"));
        }
        assert!(staff_only < 150, "{staff_only}");
    }

    #[test]
    fn draws_distinct_sectors_with_codes_from_them() {
        let taxonomy = Taxonomy::builtin();
        let pool = SectorPool::new(taxonomy, CpvCatalogue::builtin()).unwrap();
        let mut rng = Rng::new(9);
        for profile in 0..PROFILES.len() {
            for _ in 0..50 {
                let sectors = pool.choose(profile, &mut rng);
                assert!((1..=3).contains(&sectors.len()));
                let mut unique = sectors.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), sectors.len());
                for code in pool.cpv_codes(&sectors, &mut rng) {
                    let covered = sectors.iter().any(|&s| {
                        pool.entry(s).sector.cpv_prefixes.iter().any(|p| code.as_str().starts_with(p.as_str()))
                    });
                    assert!(covered, "{code} outside the sectors' prefixes");
                }
            }
        }
    }
}
