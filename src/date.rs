//! Calendar dates as front matter and program data write them: a plain value type that the
//! YAML checker, the model and the plan share. A date may carry a time of day, as Hugo, Jekyll
//! and Zola write it (`2026-03-28T10:00:00+07:00`, `2007-01-01 00:00:00 +0700`): the time is
//! checked and then dropped, and the calendar date as written is the date (no time zone is
//! applied, so a page dated the 28th in its author's zone is dated the 28th everywhere).

use std::fmt;

/// A calendar date from front matter (`2026-03-28`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
}

/// The forms `Date::parse` accepts, for messages.
pub const DATE_FORMS: &str = "`2026-03-28`, `2026-03-28T10:00:00Z`, `2026-03-28T10:00:00+07:00`, `2026-03-28T10:00:00`, `2026-03-28 10:00` and `2026-03-28 10:00:00 +0700`";

impl Date {
    /// Parse a date: `YYYY-MM-DD`; or an RFC 3339 date-time (`2026-03-28T10:00:00.5+07:00`,
    /// `T` and `Z` in either case, seconds required), or the same without an offset (a local
    /// date-time, as Hugo's archetypes and TOML write it); or `YYYY-MM-DD HH:MM[:SS]`
    /// with an optional offset (`Z`, `+0700`, `+07:00`), right after the time or after one
    /// space. The time and the offset are checked and ignored.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().as_bytes();
        let (day, time) = text.split_at_checked(10)?;
        let date = Self::parse_day(day)?;
        let mut time = Cursor { bytes: time, at: 0 };
        let valid = match time.next() {
            None => true,
            Some(b'T' | b't') => time.rfc3339_time(),
            Some(b' ') => time.spaced_time(),
            Some(_) => false,
        };
        valid.then_some(date)
    }

    /// The date `days` days after 1970-01-01 (the proleptic Gregorian calendar); `None`
    /// outside the years 0 to 9999.
    pub fn from_unix_days(days: i64) -> Option<Self> {
        // Count from 0000-03-01, so that each 400-year era ends with its leap day.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153; // 0 = March
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Some(Self {
            year: u16::try_from(year).ok().filter(|y| *y <= 9999)?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Today's date in UTC.
    pub fn today() -> Self {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = i64::try_from(seconds / 86_400).unwrap_or(0);
        Self::from_unix_days(days).unwrap_or(Self {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// `YYYY-MM-DD`, exactly ten bytes.
    fn parse_day(text: &[u8]) -> Option<Self> {
        let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
            return None;
        };
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |b: u8| b - b'0';
        let date = Self {
            year: [y1, y2, y3, y4]
                .iter()
                .fold(0u16, |year, &b| year * 10 + u16::from(n(b))),
            month: n(m1) * 10 + n(m2),
            day: n(d1) * 10 + n(d2),
        };
        let valid =
            (1..=12).contains(&date.month) && (1..=date.days_in_month()).contains(&date.day);
        valid.then_some(date)
    }

    /// How many days the date's month has (28 to 31).
    pub fn days_in_month(self) -> u8 {
        match self.month {
            2 if self.year.is_multiple_of(4)
                && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// `2026-03-28`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `March 28, 2026`.
    pub fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS[usize::from(self.month.clamp(1, 12)) - 1];
        format!("{month} {}, {}", self.day, self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Reads the time that may follow a date, byte by byte.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let b = self.bytes.get(self.at).copied()?;
        self.at += 1;
        Some(b)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Take `b` if it comes next.
    fn eat(&mut self, b: u8) -> bool {
        let next = self.peek() == Some(b);
        if next {
            self.at += 1;
        }
        next
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// Two digits making a number up to `max`.
    fn two_digits(&mut self, max: u8) -> Option<()> {
        let (a, b) = (self.next()?, self.next()?);
        let number =
            (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'));
        number.filter(|&n| n <= max).map(|_| ())
    }

    /// `HH:MM`, then `:SS` (required when `seconds` is).
    fn clock(&mut self, seconds: bool) -> Option<()> {
        self.two_digits(23)?;
        self.eat(b':').then_some(())?;
        self.two_digits(59)?;
        if self.eat(b':') {
            // 60: a leap second.
            self.two_digits(60)?;
        } else if seconds {
            return None;
        }
        Some(())
    }

    /// `Z`, or a sign, two digits of hours and two of minutes, with a colon between them
    /// (optional when `colon_optional`).
    fn offset(&mut self, colon_optional: bool) -> Option<()> {
        match self.next()? {
            b'Z' | b'z' => Some(()),
            b'+' | b'-' => {
                self.two_digits(23)?;
                if !self.eat(b':') && !colon_optional {
                    return None;
                }
                self.two_digits(59)
            }
            _ => None,
        }
    }

    /// RFC 3339's time after the `T`: `HH:MM:SS`, an optional fraction, and an offset (or
    /// none: a local date-time).
    fn rfc3339_time(&mut self) -> bool {
        self.clock(true).is_some()
            && self.fraction().is_some()
            && (self.done() || self.offset(false).is_some())
            && self.done()
    }

    /// `.` and one or more digits, if a dot comes next.
    fn fraction(&mut self) -> Option<()> {
        if self.eat(b'.') {
            let digits = self.bytes[self.at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits == 0 {
                return None;
            }
            self.at += digits;
        }
        Some(())
    }

    /// The time after a space: `HH:MM` or `HH:MM:SS`, then optionally an offset, right after
    /// it or after one space (`00:00:00 +0700`, as Jekyll writes it).
    fn spaced_time(&mut self) -> bool {
        if self.clock(false).is_none() {
            return false;
        }
        if self.done() {
            return true;
        }
        self.eat(b' ');
        self.offset(true).is_some() && self.done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARCH_28: Date = Date {
        year: 2026,
        month: 3,
        day: 28,
    };

    #[test]
    fn dates_parse_and_validate() {
        assert_eq!(Date::parse("2026-03-28"), Some(MARCH_28));
        assert_eq!(Date::parse("  2026-03-28 "), Some(MARCH_28));
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2100-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-00-10").is_none());
        assert!(Date::parse("2026-01-00").is_none());
        assert_eq!(
            Date::parse("2026-03-08").map(Date::long).as_deref(),
            Some("March 8, 2026")
        );
    }

    #[test]
    fn rfc3339_date_times_give_the_date_as_written() {
        for text in [
            "2026-03-28T10:00:00Z",
            "2026-03-28T10:00:00+07:00",
            "2026-03-28T23:59:59-05:00",
            "2026-03-28T00:00:00.123456Z",
            "2026-03-28T10:00:00.5+07:00",
            "2026-03-28t10:00:00z",
            "2026-03-28T23:59:60Z",
            "2026-03-28T10:00:00",
            "2026-03-28T10:00:00.25",
        ] {
            // The date as written, whatever the zone: 23:59 at -05:00 is still the 28th.
            assert_eq!(Date::parse(text), Some(MARCH_28), "{text}");
        }
    }

    #[test]
    fn date_times_with_a_space_give_the_date_as_written() {
        for text in [
            "2026-03-28 10:00:00",
            "2026-03-28 10:00",
            "2026-03-28 00:00:00 +0700",
            "2026-03-28 00:00:00 +07:00",
            "2026-03-28 00:00:00+0700",
            "2026-03-28 00:00:00-05:00",
            "2026-03-28 10:00 -0500",
            "2026-03-28 10:00:00Z",
            "2026-03-28 10:00:00 Z",
        ] {
            assert_eq!(Date::parse(text), Some(MARCH_28), "{text}");
        }
    }

    #[test]
    fn other_forms_and_bad_times_are_refused() {
        for text in [
            "",
            "28/03/2026",
            "03/28/2026",
            "2026-3-28",
            "2026-03-8",
            "March 28, 2026",
            "20260328",
            "2026-+1-+5",
            "2026-03-28 garbage",
            "2026-03-28garbage",
            "2026-03-28T",
            "2026-03-28 10",
            "2026-03-28 10:",
            "2026-03-28 1:00",
            "2026-03-28 24:00",
            "2026-03-28 10:60",
            "2026-03-28 10:00:61",
            "2026-03-28 10:00:00.5",
            "2026-03-28 10:00:00 +2400",
            "2026-03-28 10:00:00 +0760",
            "2026-03-28 10:00:00 +07",
            "2026-03-28 10:00:00 +7:00",
            "2026-03-28 10:00:00  +0700",
            "2026-03-28 10:00:00 +0700 UTC",
            "2026-03-28 10:00:00 PST",
            // RFC 3339 needs seconds, and an offset has a colon.
            "2026-03-28T10:00",
            "2026-03-28T10:00:00+0700",
            "2026-03-28T10:00:00.Z",
            "2026-03-28T10:00:00ZZ",
            "2026-03-28T10:00:00 Z",
            "2026-03-28T25:00:00Z",
            "２０２６-03-28",
            "2026-03-28T10:00:00+07:00é",
        ] {
            assert_eq!(Date::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn days_since_1970_are_calendar_dates() {
        let day = |n| Date::from_unix_days(n).map(|d| d.to_string());
        assert_eq!(day(0).as_deref(), Some("1970-01-01"));
        assert_eq!(day(-1).as_deref(), Some("1969-12-31"));
        assert_eq!(day(11_016).as_deref(), Some("2000-02-29"));
        assert_eq!(day(11_017).as_deref(), Some("2000-03-01"));
        assert_eq!(day(20_422).as_deref(), Some("2025-11-30"));
        assert_eq!(day(20_787).as_deref(), Some("2026-11-30"));
        assert_eq!(day(-719_528).as_deref(), Some("0000-01-01"));
        assert_eq!(day(-719_529), None);
        assert_eq!(day(i64::MAX), None);
        // Every day from 1900 to 2100 follows the one before.
        let mut previous = Date::from_unix_days(-25_567).expect("1900-01-01");
        for n in -25_566..47_482 {
            let date = Date::from_unix_days(n).expect("a date");
            assert!(date > previous, "{date} after {previous}");
            assert!(
                Date::parse(&date.to_string()) == Some(date),
                "{date} is valid"
            );
            previous = date;
        }
    }
}
