//! Rough populations of the départements, the weight of each in the generated catalogue.

/// Population of each département in thousands (INSEE legal populations, rounded), by code.
#[rustfmt::skip]
const POPULATION_THOUSANDS: &[(&str, u32)] = &[
    ("01", 657), ("02", 527), ("03", 335), ("04", 165), ("05", 141), ("06", 1098), ("07", 329), ("08", 270),
    ("09", 155), ("10", 310), ("11", 376), ("12", 279), ("13", 2056), ("14", 697), ("15", 144), ("16", 352),
    ("17", 656), ("18", 298), ("19", 240), ("21", 535), ("22", 602), ("23", 115), ("24", 414), ("25", 546),
    ("26", 521), ("27", 600), ("28", 432), ("29", 918), ("2A", 160), ("2B", 182), ("30", 751), ("31", 1435),
    ("32", 192), ("33", 1654), ("34", 1186), ("35", 1095), ("36", 218), ("37", 612), ("38", 1283), ("39", 259),
    ("40", 420), ("41", 330), ("42", 766), ("43", 228), ("44", 1452), ("45", 683), ("46", 175), ("47", 332),
    ("48", 76), ("49", 820), ("50", 492), ("51", 566), ("52", 170), ("53", 307), ("54", 731), ("55", 183),
    ("56", 763), ("57", 1046), ("58", 200), ("59", 2611), ("60", 830), ("61", 277), ("62", 1459), ("63", 667),
    ("64", 691), ("65", 229), ("66", 482), ("67", 1152), ("68", 767), ("69", 1883), ("70", 234), ("71", 550),
    ("72", 566), ("73", 439), ("74", 835), ("75", 2133), ("76", 1255), ("77", 1421), ("78", 1448), ("79", 375),
    ("80", 570), ("81", 390), ("82", 262), ("83", 1086), ("84", 563), ("85", 693), ("86", 438), ("87", 372),
    ("88", 362), ("89", 335), ("90", 141), ("91", 1306), ("92", 1625), ("93", 1655), ("94", 1407), ("95", 1249),
    ("971", 384), ("972", 361), ("973", 286), ("974", 868), ("975", 6), ("976", 310),
];

/// The population of a département in thousands, when the table knows it.
pub fn population_thousands(code: &str) -> Option<u32> {
    POPULATION_THOUSANDS.iter().find(|(c, _)| *c == code).map(|(_, p)| *p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use essor::domain::Gazetteer;

    #[test]
    fn every_department_of_the_gazetteer_has_a_population() {
        for department in Gazetteer::builtin().departments() {
            assert!(population_thousands(&department.code).is_some(), "{}", department.code);
        }
        assert_eq!(POPULATION_THOUSANDS.len(), Gazetteer::builtin().departments().len());
        assert!(population_thousands("59") > population_thousands("75"));
        assert_eq!(population_thousands("20"), None);
    }
}
