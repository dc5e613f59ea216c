//! US states and territories by USPS code: the name of each and its region, the US Census
//! Bureau's four (Northeast, Midwest, South, West) or the territories. A table only: which
//! codes a program may use is the model's rule, not this module's.

/// A region of the United States.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// New England and the Middle Atlantic.
    Northeast,
    /// The East and West North Central states.
    Midwest,
    /// The South Atlantic and the East and West South Central states (DC included).
    South,
    /// The Mountain and Pacific states.
    West,
    /// Puerto Rico and the island areas, which the four regions leave out.
    Territories,
}

impl Region {
    /// Every region, in the Census Bureau's order, the territories last.
    pub const ALL: [Self; 5] = [
        Self::Northeast,
        Self::Midwest,
        Self::South,
        Self::West,
        Self::Territories,
    ];

    /// Its key (`northeast`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Northeast => "northeast",
            Self::Midwest => "midwest",
            Self::South => "south",
            Self::West => "west",
            Self::Territories => "territories",
        }
    }

    /// Its name for people (`Northeast`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Northeast => "Northeast",
            Self::Midwest => "Midwest",
            Self::South => "South",
            Self::West => "West",
            Self::Territories => "Territories",
        }
    }
}

/// A state, DC or a territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    /// The USPS code (`NY`).
    pub code: &'static str,
    /// The name (`New York`).
    pub name: &'static str,
    /// Its region.
    pub region: Region,
}

const fn state(code: &'static str, name: &'static str, region: Region) -> State {
    State { code, name, region }
}

use Region::{Midwest, Northeast, South, Territories, West};

/// The 50 states, DC, Puerto Rico, Guam, the US Virgin Islands, American Samoa and the
/// Northern Mariana Islands, by code.
pub const ALL: [State; 56] = [
    state("AK", "Alaska", West),
    state("AL", "Alabama", South),
    state("AR", "Arkansas", South),
    state("AS", "American Samoa", Territories),
    state("AZ", "Arizona", West),
    state("CA", "California", West),
    state("CO", "Colorado", West),
    state("CT", "Connecticut", Northeast),
    state("DC", "District of Columbia", South),
    state("DE", "Delaware", South),
    state("FL", "Florida", South),
    state("GA", "Georgia", South),
    state("GU", "Guam", Territories),
    state("HI", "Hawaii", West),
    state("IA", "Iowa", Midwest),
    state("ID", "Idaho", West),
    state("IL", "Illinois", Midwest),
    state("IN", "Indiana", Midwest),
    state("KS", "Kansas", Midwest),
    state("KY", "Kentucky", South),
    state("LA", "Louisiana", South),
    state("MA", "Massachusetts", Northeast),
    state("MD", "Maryland", South),
    state("ME", "Maine", Northeast),
    state("MI", "Michigan", Midwest),
    state("MN", "Minnesota", Midwest),
    state("MO", "Missouri", Midwest),
    state("MP", "Northern Mariana Islands", Territories),
    state("MS", "Mississippi", South),
    state("MT", "Montana", West),
    state("NC", "North Carolina", South),
    state("ND", "North Dakota", Midwest),
    state("NE", "Nebraska", Midwest),
    state("NH", "New Hampshire", Northeast),
    state("NJ", "New Jersey", Northeast),
    state("NM", "New Mexico", West),
    state("NV", "Nevada", West),
    state("NY", "New York", Northeast),
    state("OH", "Ohio", Midwest),
    state("OK", "Oklahoma", South),
    state("OR", "Oregon", West),
    state("PA", "Pennsylvania", Northeast),
    state("PR", "Puerto Rico", Territories),
    state("RI", "Rhode Island", Northeast),
    state("SC", "South Carolina", South),
    state("SD", "South Dakota", Midwest),
    state("TN", "Tennessee", South),
    state("TX", "Texas", South),
    state("UT", "Utah", West),
    state("VA", "Virginia", South),
    state("VI", "US Virgin Islands", Territories),
    state("VT", "Vermont", Northeast),
    state("WA", "Washington", West),
    state("WI", "Wisconsin", Midwest),
    state("WV", "West Virginia", South),
    state("WY", "Wyoming", West),
];

/// The state, DC or territory with the USPS code `code`.
pub fn find(code: &str) -> Option<&'static State> {
    ALL.binary_search_by(|s| s.code.cmp(code))
        .ok()
        .map(|i| &ALL[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_by_code_and_every_code_is_found() {
        assert!(ALL.windows(2).all(|w| w[0].code < w[1].code));
        for s in &ALL {
            assert_eq!(find(s.code), Some(s));
        }
        assert_eq!(find("XX"), None);
        assert_eq!(find("ny"), None);
    }

    #[test]
    fn the_census_regions_hold_fifty_states_and_dc() {
        let count = |r: Region| ALL.iter().filter(|s| s.region == r).count();
        assert_eq!(count(Northeast), 9);
        assert_eq!(count(Midwest), 12);
        assert_eq!(count(South), 17);
        assert_eq!(count(West), 13);
        assert_eq!(count(Territories), 5);
        assert_eq!(find("DC").map(|s| s.region), Some(South));
    }
}
