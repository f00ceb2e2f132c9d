//! The deterministic synthetic catalogue generator.
//!
//! [`Generator`] draws realistic French ESS suppliers from the reference data (towns of the
//! [`Gazetteer`], sectors of the [`Taxonomy`], codes of the [`CpvCatalogue`]) and the generator's own
//! vocabulary. A seed gives the same catalogue on every run and platform: the pseudo-random generator
//! is our own SplitMix64 ([`rng`]), each supplier draws from a stream seeded by `(seed, its rank)`, and
//! no platform-dependent floating-point function is used.
//!
//! Every generated supplier passes [`Supplier::from_record`]; [`write_jsonl`] writes them in the import
//! format (contract §1).

mod descriptions;
mod french;
mod names;
mod places;
mod profiles;
mod rng;
mod sectors;
mod siren;
mod vocabulary;

#[cfg(test)]
mod seed_tests;
#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::thread::ScopedJoinHandle;

use essor::domain::{CpvCatalogue, Gazetteer, Supplier, Taxonomy};

use descriptions::{DescriptionInputs, description};
use names::{NameInputs, NameRegister, NameStyle, name};
use places::{Places, ZoneHints};
use profiles::{PROFILES, draw_profile, legal_form, networks, size};
use rng::{Rng, mix};
use sectors::SectorPool;
use siren::SirenSequence;

/// Why a generator cannot be built from the reference data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// No commune lies in a known département.
    #[error(
        "référentiel géographique : aucune commune rattachée à un département connu, impossible de placer des fournisseurs"
    )]
    NoTowns,
    /// The taxonomy has no sector.
    #[error("nomenclature des secteurs vide : impossible d'attribuer une activité aux fournisseurs")]
    NoSectors,
}

/// Share of suppliers with a contact e-mail.
const EMAIL_SHARE: f64 = 0.93;
/// Longest slug of a name in an e-mail domain.
const EMAIL_SLUG_MAX: usize = 40;
/// Names drawn at most for one supplier while its name is taken in its département.
const NAME_ATTEMPTS: usize = 16;
/// Local descriptors tried at most after [`NAME_ATTEMPTS`] names were all taken.
const LOCALISED_ATTEMPTS: usize = 24;
/// Suppliers at least this large may work nationally.
const LARGE_EMPLOYEES: u32 = 60;

/// An endless, deterministic stream of synthetic suppliers (it ends only after about 80 million, when
/// the SIRENs run out).
///
/// Kinds follow the shares of the profiles (45 % ACI, 25 % EI, 15 % AI, 7 % ETTI, the rest EA, ESAT,
/// GEIQ, SCIC, SCOP and ESUS), a few suppliers holding two kinds (ACI+AI, EI+ETTI, SCIC+ESUS); sites
/// spread over every town of the gazetteer; names, descriptions, sectors, CPV and NAF codes, sizes,
/// legal forms, zones and networks are drawn to be consistent with the kind and the sectors.
#[derive(Debug)]
pub struct Generator<'a> {
    seed: u64,
    rank: u64,
    sirets: SirenSequence,
    places: Places<'a>,
    sectors: SectorPool<'a>,
    /// The names given so far.
    names: NameRegister,
}

impl<'a> Generator<'a> {
    /// A generator over this reference data.
    pub fn new(
        seed: u64,
        gazetteer: &'a Gazetteer,
        taxonomy: &'a Taxonomy,
        catalogue: &CpvCatalogue,
    ) -> Result<Generator<'a>, GenerateError> {
        Ok(Generator {
            seed,
            rank: 0,
            sirets: SirenSequence::new(seed),
            places: Places::new(gazetteer).ok_or(GenerateError::NoTowns)?,
            sectors: SectorPool::new(taxonomy, catalogue).ok_or(GenerateError::NoSectors)?,
            names: NameRegister::new(),
        })
    }

    #[cfg(test)]
    /// Codes of the départements the generator places suppliers in (those with at least one town).
    pub fn department_codes(&self) -> impl Iterator<Item = &str> {
        self.places.department_codes()
    }

    /// The next supplier, or `None` when the SIRENs are exhausted.
    fn next_supplier(&mut self) -> Option<Supplier> {
        let mut rng = Rng::new(mix(self.seed, self.rank));
        self.rank += 1;
        let siret = self.sirets.next_siret(&mut rng)?;
        let profile_index = draw_profile(&mut rng);
        let profile = &PROFILES[profile_index];
        let site = self.places.site(&mut rng);
        let department = self.places.department(&site);
        let sector_indices = self.sectors.choose(profile_index, &mut rng);
        let main = self.sectors.entry(sector_indices[0]);
        let legal_form = legal_form(profile, &mut rng);
        let name_inputs = NameInputs {
            kind: profile.kind,
            sector: &main.sector.key,
            vocabulary: main.vocabulary,
            of_town: &site.town.of,
            department: &department.name,
            association: profiles::is_association(legal_form),
        };
        // Two structures of one département with the same name would look like duplicates: draw
        // again, then, in a crowded département, place the last name drawn ("… des Tilleuls").
        let mut named = name(&name_inputs, &mut rng);
        let mut attempts = 1;
        while !self.names.claim(&named.name, &department.code) && attempts < NAME_ATTEMPTS + LOCALISED_ATTEMPTS {
            named = if attempts < NAME_ATTEMPTS { name(&name_inputs, &mut rng) } else { named.localised(&mut rng) };
            attempts += 1;
        }
        // Régies de quartier are associations whatever their approval.
        let legal_form = if named.style == NameStyle::Regie { profiles::ASSOCIATION } else { legal_form };
        let mut kinds = vec![profile.kind];
        if let Some((second, probability)) = profile.second_kind
            && rng.chance(probability)
        {
            kinds.push(second);
        }
        let (employees, revenue_eur) = size(profile, &mut rng);
        let hints = ZoneHints { radius_km: profile.radius_km, large: employees.unwrap_or(0) >= LARGE_EMPLOYEES };
        let intervention = self.places.intervention(&site, hints, &mut rng);
        let sector_labels: Vec<&str> =
            sector_indices.iter().map(|&i| self.sectors.entry(i).sector.label.as_str()).collect();
        let display_name = named.brand.as_deref().unwrap_or(&named.name);
        let description = description(
            &DescriptionInputs {
                kind: profile.kind,
                style: named.style,
                name: display_name,
                at_town: &site.town.at,
                of_town: &site.town.of,
                sector_labels: &sector_labels,
                sentences: &main.sentences,
                intervention: &intervention,
                region: self.places.region(&site).map(|r| (r.code.as_str(), r.name.as_str())),
            },
            &mut rng,
        );
        let email = rng.chance(EMAIL_SHARE).then(|| email(display_name, &site.town.slug));
        Some(Supplier {
            siret,
            kinds,
            brand: named.brand.clone(),
            legal_form: Some(legal_form.to_string()),
            naf: self.sectors.naf(sector_indices[0], profile, &mut rng),
            naf_label: None,
            description: Some(description),
            sectors: sector_indices.iter().map(|&i| self.sectors.entry(i).sector.key.clone()).collect(),
            cpv: self.sectors.cpv_codes(&sector_indices, &mut rng),
            post_code: site.post_code.to_string(),
            city: site.town.commune.name.clone(),
            department: department.code.clone(),
            commune_insee: Some(site.town.commune.insee.clone()),
            location: Some(site.point),
            intervention,
            employees,
            revenue_eur,
            networks: networks(profile, named.style, department, &mut rng),
            email,
            name: named.name,
        })
    }
}

/// `contact@<name>-<town>.example.org`, the town left out when the name already holds it.
fn email(name: &str, town_slug: &str) -> String {
    let name_slug = french::slug(name, EMAIL_SLUG_MAX);
    let mut email = String::with_capacity(name_slug.len() + town_slug.len() + 22);
    email.push_str("contact@");
    email.push_str(&name_slug);
    if !name_slug.contains(town_slug) {
        if !name_slug.is_empty() {
            email.push('-');
        }
        email.push_str(town_slug);
    }
    email.push_str(".example.org");
    email
}

impl Iterator for Generator<'_> {
    type Item = Supplier;

    fn next(&mut self) -> Option<Supplier> {
        self.next_supplier()
    }
}

/// `count` suppliers drawn from the built-in reference data with this seed.
///
/// The built-in data always has towns and sectors (the tests check it), so the generator always
/// builds; were it not to, the stream would be empty.
pub fn generate(count: usize, seed: u64) -> impl Iterator<Item = Supplier> {
    Generator::new(seed, Gazetteer::builtin(), Taxonomy::builtin(), CpvCatalogue::builtin())
        .into_iter()
        .flatten()
        .take(count)
}

/// Suppliers per batch handed to the serialising thread of [`write_jsonl`].
const WRITE_BATCH: usize = 4096;
/// Rough size of one record in JSON, to size the batch buffers.
const RECORD_BYTES: usize = 1024;

/// Writes the suppliers as JSON Lines in the import format, one [`Supplier::to_record`] per line, in
/// order.
///
/// Batches are serialised on a helper thread while the iterator produces the next batch, so generating
/// and writing a large catalogue takes about as long as the slower of the two.
pub fn write_jsonl(mut out: impl Write, suppliers: impl IntoIterator<Item = Supplier>) -> io::Result<()> {
    let mut suppliers = suppliers.into_iter();
    std::thread::scope(|scope| -> io::Result<()> {
        let mut pending: Option<ScopedJoinHandle<'_, io::Result<Vec<u8>>>> = None;
        loop {
            let batch: Vec<Supplier> = suppliers.by_ref().take(WRITE_BATCH).collect();
            if let Some(previous) = pending.take() {
                out.write_all(&previous.join().map_err(|_| io::Error::other(SERIALISER_PANICKED))??)?;
            }
            if batch.is_empty() {
                return Ok(());
            }
            pending = Some(std::thread::Builder::new().spawn_scoped(scope, move || serialise(batch))?);
        }
    })?;
    out.flush()
}

/// The error when the serialising thread of [`write_jsonl`] panicked.
const SERIALISER_PANICKED: &str = "écriture JSON Lines : la mise en forme d'un lot de fournisseurs a échoué";

/// One JSON line per supplier.
fn serialise(batch: Vec<Supplier>) -> io::Result<Vec<u8>> {
    let mut buffer = Vec::with_capacity(batch.len() * RECORD_BYTES);
    for supplier in batch {
        serde_json::to_writer(&mut buffer, &supplier.to_record())?;
        buffer.push(b'\n');
    }
    Ok(buffer)
}
