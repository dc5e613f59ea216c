//! External links (`check --external`): each distinct URL is fetched once, HEAD first and GET
//! when a server refuses HEAD, a few requests per host at a time, with a timeout and one retry.
//! `429 Too Many Requests` is honoured: the host waits out its `Retry-After` (capped) before
//! the next request. Redirects are followed by hand, so a permanent one (301, 308) can be
//! reported. Results are kept in a cache file in the site's folder for a configurable time, so
//! that CI does not ask every host again on every run.
//!
//! The HTTP client is `ureq`: a well-kept, blocking client (a check is a batch of requests on
//! a few threads, with no use for an async runtime), with rustls and webpki roots built in, so
//! it needs neither OpenSSL nor the system's certificate store.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::LinkCheck;
use crate::diagnostic::{Code, Diagnostic, Location};

/// Where the results are cached, relative to the site's folder.
pub const CACHE_FILE: &str = ".matchpress-cache/external-links.json";

/// The version of the cache's shape; a cache of another version is ignored.
const CACHE_VERSION: u32 = 1;

/// How many requests run at once, over all hosts.
const MAX_CONCURRENCY: usize = 8;

/// The longest `Retry-After` honoured; a host that asks for more is reported unreachable.
const MAX_RETRY_AFTER: Duration = Duration::from_mins(1);

/// How many `429` answers one URL may get before it is given up.
const MAX_RATE_LIMITED: usize = 2;

/// How many redirects are followed.
const MAX_REDIRECTS: usize = 10;

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// URL patterns not to check (see `config::LinkCheck`).
    pub skip: Vec<String>,
    /// How long a cached result is trusted.
    pub cache_for: Duration,
    /// How long one request may take.
    pub timeout: Duration,
    /// How many requests go to one host at a time.
    pub per_host: usize,
    /// How long to wait before the one retry of a failed request.
    pub retry_delay: Duration,
}

impl Settings {
    /// The settings of `site.yaml`'s `link_check:`.
    pub fn from_config(config: &LinkCheck) -> Self {
        Self {
            skip: config.skip.clone(),
            cache_for: Duration::from_secs(config.cache_hours * 3600),
            timeout: Duration::from_secs(config.timeout_secs),
            per_host: config.per_host.max(1),
            retry_delay: Duration::from_millis(500),
        }
    }
}

/// What checking one URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// It answers with success (after temporary redirects, if any).
    Ok,
    /// It has moved for good (301, 308); `to` is where the redirects end.
    Moved {
        /// The first permanent redirect's status.
        status: u16,
        /// The final address.
        to: String,
    },
    /// It answers with a client error (404, 410...).
    Broken {
        /// The status.
        status: u16,
    },
    /// It could not be checked: a timeout, a refused connection, a server error after the
    /// retry, a host that asks to wait too long, a refusal of automated checks.
    Unreachable {
        /// What happened.
        reason: String,
    },
}

impl Verdict {
    /// Whether the verdict can be trusted from the cache (a passing failure is not).
    fn is_lasting(&self) -> bool {
        !matches!(self, Self::Unreachable { .. })
    }
}

/// What checking a set of URLs found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Every URL that is not fine, with its verdict, in URL order.
    pub failed: Vec<(String, Verdict)>,
    /// URLs checked (from the network or the cache).
    pub checked: usize,
    /// Of those, answered from the cache.
    pub cached: usize,
    /// URLs skipped (`link_check.skip`, reserved example domains).
    pub skipped: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    /// When it was checked, in seconds since 1970.
    checked: u64,
    #[serde(flatten)]
    verdict: Verdict,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Check `urls` (distinct), using and refreshing the cache at `cache_path`.
pub fn check(urls: &[&str], settings: &Settings, cache_path: &Path) -> Outcome {
    let mut outcome = Outcome::default();
    let mut cache: Cache = std::fs::read(cache_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(|c: &Cache| c.version == CACHE_VERSION)
        .unwrap_or_default();
    let now = now_secs();
    let fresh = |entry: &CacheEntry| {
        entry.verdict.is_lasting()
            && now.saturating_sub(entry.checked) < settings.cache_for.as_secs()
    };
    let mut verdicts: BTreeMap<String, Verdict> = BTreeMap::new();
    let mut to_fetch: Vec<&str> = Vec::new();
    for &url in urls {
        if skipped(url, &settings.skip) {
            outcome.skipped += 1;
            continue;
        }
        outcome.checked += 1;
        match cache.entries.get(url) {
            Some(entry) if fresh(entry) => {
                outcome.cached += 1;
                verdicts.insert(url.to_string(), entry.verdict.clone());
            }
            _ => to_fetch.push(url),
        }
    }
    for (url, verdict) in fetch_all(&to_fetch, settings) {
        cache.entries.insert(
            url.clone(),
            CacheEntry {
                checked: now,
                verdict: verdict.clone(),
            },
        );
        verdicts.insert(url, verdict);
    }
    if !to_fetch.is_empty() {
        cache.version = CACHE_VERSION;
        cache.entries.retain(|_, e| fresh(e));
        save(cache_path, &cache);
    }
    outcome.failed = verdicts
        .into_iter()
        .filter(|(_, v)| *v != Verdict::Ok)
        .collect();
    outcome
}

/// Write the cache atomically; a cache that cannot be written is only a slower next run.
fn save(path: &Path, cache: &Cache) {
    let Ok(bytes) = serde_json::to_vec_pretty(cache) else {
        return;
    };
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    // A name of this process's own, so two checks at once never write one file.
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() {
        let _ = std::fs::rename(&tmp, path);
    }
}

/// Whether `url` is not to be checked: it matches a pattern of `skip`, or its host is a name
/// reserved for examples (RFC 2606: `.example`, `.test`, `.invalid`, `example.com`...), which
/// never answer.
pub fn skipped(url: &str, skip: &[String]) -> bool {
    if skip.iter().any(|pattern| matches_pattern(pattern, url)) {
        return true;
    }
    let host = host_of(url);
    let host = host.trim_end_matches('.');
    [".example", ".test", ".invalid"]
        .iter()
        .any(|tld| host.ends_with(tld))
        || ["example.com", "example.org", "example.net"]
            .iter()
            .any(|name| host == *name || host.ends_with(&format!(".{name}")))
}

/// Whether `url` starts with `pattern`, where `*` in the pattern stands for any characters.
fn matches_pattern(pattern: &str, url: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return true;
    };
    let Some(mut rest) = url.strip_prefix(first) else {
        return false;
    };
    for part in parts {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// The host of an absolute URL, lowercased (`nrmp.org`, `127.0.0.1:8080`).
fn host_of(url: &str) -> String {
    let after = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

/// The requests waiting for each host, and when each host may be asked again.
struct Queue<'a> {
    hosts: Vec<HostQueue<'a>>,
    /// URLs not finished yet.
    remaining: usize,
}

struct HostQueue<'a> {
    urls: VecDeque<&'a str>,
    active: usize,
    not_before: Instant,
    /// The host kept answering 429: its other URLs are not asked for.
    refused: bool,
}

/// Fetch every URL, a few per host at a time, on a few threads.
fn fetch_all(urls: &[&str], settings: &Settings) -> Vec<(String, Verdict)> {
    if urls.is_empty() {
        return Vec::new();
    }
    let mut by_host: BTreeMap<String, VecDeque<&str>> = BTreeMap::new();
    for &url in urls {
        by_host.entry(host_of(url)).or_default().push_back(url);
    }
    let now = Instant::now();
    let queue = Mutex::new(Queue {
        hosts: by_host
            .into_values()
            .map(|urls| HostQueue {
                urls,
                active: 0,
                not_before: now,
                refused: false,
            })
            .collect(),
        remaining: urls.len(),
    });
    let wake = Condvar::new();
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    let agents = Agents::new(settings);
    let workers = MAX_CONCURRENCY.min(urls.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| worker(&queue, &wake, &results, &agents, settings));
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

fn worker(
    queue: &Mutex<Queue<'_>>,
    wake: &Condvar,
    results: &Mutex<Vec<(String, Verdict)>>,
    agents: &Agents,
    settings: &Settings,
) {
    loop {
        let (host, url) = {
            let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if q.remaining == 0 {
                    wake.notify_all();
                    return;
                }
                let now = Instant::now();
                let ready = q.hosts.iter().position(|h| {
                    !h.urls.is_empty() && h.active < settings.per_host && h.not_before <= now
                });
                if let Some(h) = ready {
                    let host = &mut q.hosts[h];
                    host.active += 1;
                    let url = host.urls.pop_front().unwrap_or_default();
                    break (h, url);
                }
                // Nothing to start now: wait for a request to finish or a host to be free.
                let next = q
                    .hosts
                    .iter()
                    .filter(|h| !h.urls.is_empty() && h.active < settings.per_host)
                    .map(|h| h.not_before)
                    .min();
                let wait = next.map_or(Duration::from_millis(200), |t| {
                    t.saturating_duration_since(now)
                        .max(Duration::from_millis(1))
                });
                q = wake
                    .wait_timeout(q, wait)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
        };
        let refused = queue.lock().unwrap_or_else(PoisonError::into_inner).hosts[host].refused;
        let verdict = if refused {
            Verdict::Unreachable {
                reason: "not asked: the host kept answering 429 Too Many Requests to other links"
                    .to_string(),
            }
        } else {
            let (verdict, rate_limited) = check_url(url, agents, settings, |pause| {
                // The host asked for a pause: no request goes to it until then.
                let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
                q.hosts[host].not_before = Instant::now() + pause;
            });
            if rate_limited {
                queue.lock().unwrap_or_else(PoisonError::into_inner).hosts[host].refused = true;
            }
            verdict
        };
        results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((url.to_string(), verdict));
        let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
        q.hosts[host].active -= 1;
        q.remaining -= 1;
        wake.notify_all();
    }
}

/// The HTTP clients: one that follows the environment's proxy settings, and one that never
/// uses a proxy, for loopback addresses.
struct Agents {
    proxied: ureq::Agent,
    direct: ureq::Agent,
}

impl Agents {
    fn new(settings: &Settings) -> Self {
        let agent = |proxy: bool| -> ureq::Agent {
            let builder = ureq::Agent::config_builder()
                .timeout_global(Some(settings.timeout))
                .max_redirects(0)
                .http_status_as_error(false)
                .user_agent(concat!("matchpress-link-check/", env!("CARGO_PKG_VERSION")));
            let builder = if proxy { builder } else { builder.proxy(None) };
            builder.build().into()
        };
        Self {
            proxied: agent(true),
            direct: agent(false),
        }
    }

    fn for_url(&self, url: &str) -> &ureq::Agent {
        let host = host_of(url);
        let host = host.rsplit_once(':').map_or(host.as_str(), |(h, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                host.as_str()
            }
        });
        if host == "localhost" || host.starts_with("127.") || host == "[::1]" {
            &self.direct
        } else {
            &self.proxied
        }
    }
}

/// One answer: a status and where a redirect points, or what went wrong.
enum Answer {
    Status {
        status: u16,
        location: Option<String>,
        retry_after: Option<Duration>,
    },
    Failed(String),
}

fn request(agents: &Agents, url: &str, head: bool) -> Answer {
    let agent = agents.for_url(url);
    let response = if head {
        agent.head(url).call()
    } else {
        agent.get(url).call()
    };
    match response {
        Ok(response) => {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            Answer::Status {
                status: response.status().as_u16(),
                location: header("location"),
                retry_after: header("retry-after").map(|v| retry_after(&v)),
            }
        }
        Err(ureq::Error::Timeout(_)) => Answer::Failed("timed out".to_string()),
        Err(ureq::Error::HostNotFound) => Answer::Failed("the host was not found".to_string()),
        Err(ureq::Error::ConnectionFailed) => Answer::Failed("the connection failed".to_string()),
        Err(e) => Answer::Failed(e.to_string()),
    }
}

/// `Retry-After` in seconds (an HTTP date is taken as one second: it is rare, and a retry
/// that comes early gets another `429`).
fn retry_after(value: &str) -> Duration {
    Duration::from_secs(value.trim().parse::<u64>().unwrap_or(1))
}

/// Check one URL: HEAD (GET when HEAD is refused), redirects followed by hand, one retry of a
/// failure, `429` waited out; `pause` is told when the host asked for a pause.
fn check_url(
    url: &str,
    agents: &Agents,
    settings: &Settings,
    mut pause: impl FnMut(Duration),
) -> (Verdict, bool) {
    let mut current = url.to_string();
    let mut moved: Option<u16> = None;
    let mut retried = false;
    let mut rate_limited = 0;
    let mut redirects = 0;
    loop {
        let mut answer = request(agents, &current, true);
        if let Answer::Status { status, .. } = answer
            && matches!(status, 400 | 403 | 404 | 405 | 501)
        {
            // Some servers refuse HEAD, or answer it wrongly (a 404 for a page that exists):
            // ask with GET.
            answer = request(agents, &current, false);
        }
        match answer {
            Answer::Status {
                status: 429,
                retry_after,
                ..
            } => {
                rate_limited += 1;
                let wait = retry_after.unwrap_or(Duration::from_secs(2));
                if rate_limited > MAX_RATE_LIMITED || wait > MAX_RETRY_AFTER {
                    let verdict = Verdict::Unreachable {
                        reason: format!(
                            "the host answered 429 Too Many Requests {rate_limited} time{} (Retry-After: {} s)",
                            if rate_limited == 1 { "" } else { "s" },
                            wait.as_secs()
                        ),
                    };
                    return (verdict, true);
                }
                pause(wait);
                std::thread::sleep(wait);
            }
            Answer::Status {
                status,
                location: Some(location),
                ..
            } if (300..400).contains(&status) => {
                redirects += 1;
                if redirects > MAX_REDIRECTS {
                    let verdict = Verdict::Unreachable {
                        reason: format!("more than {MAX_REDIRECTS} redirects"),
                    };
                    return (verdict, false);
                }
                if matches!(status, 301 | 308) && redirects == 1 {
                    moved = Some(status);
                }
                current = join(&current, &location);
            }
            Answer::Status { status, .. } if (200..300).contains(&status) => {
                let verdict = match moved {
                    Some(status) => Verdict::Moved {
                        status,
                        to: current,
                    },
                    None => Verdict::Ok,
                };
                return (verdict, false);
            }
            Answer::Status { status, .. } if (500..600).contains(&status) && !retried => {
                retried = true;
                std::thread::sleep(settings.retry_delay);
            }
            Answer::Status { status, .. } if matches!(status, 401 | 403 | 999) => {
                let verdict = Verdict::Unreachable {
                    reason: format!("the server refused the check ({status})"),
                };
                return (verdict, false);
            }
            Answer::Status { status, .. } if (400..500).contains(&status) => {
                return (Verdict::Broken { status }, false);
            }
            Answer::Status { status, .. } => {
                let verdict = Verdict::Unreachable {
                    reason: format!("the server answered {status}"),
                };
                return (verdict, false);
            }
            Answer::Failed(_) if !retried => {
                retried = true;
                std::thread::sleep(settings.retry_delay);
            }
            Answer::Failed(reason) => return (Verdict::Unreachable { reason }, false),
        }
    }
}

/// The URL a redirect's `Location` leads to from `base`, resolved as a browser does (with
/// the `url` crate, the WHATWG URL standard's parser): `/x`, `x`, `?page=2`, `//host/x`, or an
/// absolute URL.
fn join(base: &str, location: &str) -> String {
    url::Url::parse(base)
        .and_then(|base| base.join(location.trim()))
        .map_or_else(|_| location.to_string(), String::from)
}

/// The reason phrase of a status, for messages.
fn reason(status: u16) -> &'static str {
    match status {
        301 => "Moved Permanently",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        _ => "",
    }
}

/// The diagnostic for an external link that is not fine, written at `location` and shown on
/// `pages` pages.
pub fn diagnostic(
    url: &str,
    verdict: &Verdict,
    location: Option<Location>,
    pages: usize,
) -> Diagnostic {
    let on = if pages > 1 {
        format!(" (on {pages} pages)")
    } else {
        String::new()
    };
    let skip = "if the site refuses automated checks, add it to `link_check: { skip: [...] }` in site.yaml";
    match verdict {
        Verdict::Ok => Diagnostic::new(
            Code::LinkExternalUnreachable,
            location,
            format!("{url} is fine"),
        ),
        Verdict::Moved { status, to } => Diagnostic::new(
            Code::LinkExternalRedirect,
            location,
            format!(
                "the link {url} has moved for good ({status} {}) to {to}{on}",
                reason(*status)
            ),
        )
        .with_hint("link to the new address"),
        Verdict::Broken { status } => Diagnostic::new(
            Code::LinkExternalBroken,
            location,
            format!("the link {url} answers {status} {}{on}", reason(*status))
                .replace("  ", " ")
                .trim_end()
                .to_string(),
        )
        .with_hint(format!("fix the address or remove the link; {skip}")),
        Verdict::Unreachable { reason } => Diagnostic::new(
            Code::LinkExternalUnreachable,
            location,
            format!("the link {url} could not be checked: {reason}{on}"),
        )
        .with_hint(format!(
            "it may be a passing failure: it is checked again on the next run; {skip}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_patterns_and_reserved_hosts() {
        let skip = vec![
            "https://www.linkedin.com/".to_string(),
            "https://*.gov/private/*".to_string(),
        ];
        assert!(skipped("https://www.linkedin.com/in/x", &skip));
        assert!(skipped("https://a.state.gov/private/x", &skip));
        assert!(!skipped("https://a.state.gov/public/x", &skip));
        assert!(skipped("https://program.example/residency", &[]));
        assert!(skipped("http://www.example.com/", &[]));
        assert!(!skipped("http://127.0.0.1:8080/ok", &[]));
        assert!(!skipped("https://www.ecfmg.org/", &[]));
    }

    #[test]
    fn redirect_locations_join_like_a_browser() {
        assert_eq!(join("https://a.org/x/y", "/z"), "https://a.org/z");
        assert_eq!(join("https://a.org/x/y", "z"), "https://a.org/x/z");
        assert_eq!(
            join("https://a.org/x/y", "https://b.org/"),
            "https://b.org/"
        );
        assert_eq!(join("http://a.org", "//b.org/p"), "http://b.org/p");
        assert_eq!(
            join("https://a.org/list", "?page=2"),
            "https://a.org/list?page=2"
        );
        assert_eq!(
            join("https://a.org/x", "/login?next=http://a.org/x"),
            "https://a.org/login?next=http://a.org/x"
        );
        assert_eq!(host_of("https://User@Nrmp.org:443/x?y"), "nrmp.org:443");
    }
}
