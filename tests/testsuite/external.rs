//! `check --external`: links to other sites, checked against a server on 127.0.0.1 that the
//! test starts and stops (never the internet): each URL fetched once, HEAD then GET, redirects
//! followed and permanent ones reported, 429 waited out, timeouts and one retry, results cached.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use matchpress::Code;
use matchpress::pipeline::{self, CheckOptions, CheckReport};

use crate::support::{Site, place};

/// The requests made to each path: method and time.
type Log = Arc<Mutex<HashMap<String, Vec<(String, Instant)>>>>;

/// A loopback HTTP server with a fixed set of answers, counting the requests to each path.
struct Server {
    port: u16,
    requests: Log,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("an address").port();
        let requests: Log = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (seen, stopped) = (Arc::clone(&requests), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let seen = Arc::clone(&seen);
                        std::thread::spawn(move || answer(stream, &seen));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self {
            port,
            requests,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests made to `path`: method and time.
    fn requests(&self, path: &str) -> Vec<(String, Instant)> {
        self.requests
            .lock()
            .expect("the log")
            .get(path)
            .cloned()
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn answer(mut stream: TcpStream, seen: &Mutex<HashMap<String, Vec<(String, Instant)>>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let text = String::from_utf8_lossy(&request);
    let mut words = text.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let path = words.next().unwrap_or("").to_string();
    let earlier = {
        let mut seen = seen.lock().expect("the log");
        let list = seen.entry(path.clone()).or_default();
        list.push((method.clone(), Instant::now()));
        list.len() - 1
    };
    let (status, extra) = match path.as_str() {
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n"),
        "/temporary" => ("302 Found", "Location: /ok\r\n"),
        "/gone" => ("404 Not Found", ""),
        p if p.starts_with("/missing/") => ("404 Not Found", ""),
        "/busy" if earlier == 0 => ("429 Too Many Requests", "Retry-After: 1\r\n"),
        p if p.starts_with("/always-busy") => ("429 Too Many Requests", "Retry-After: 1\r\n"),
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", ""),
        "/error" => ("500 Internal Server Error", ""),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", "")
        }
        _ => ("200 OK", ""),
    };
    let body = if method == "HEAD" { "" } else { "ok" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        if method == "HEAD" { 0 } else { body.len() }
    );
}

/// A site whose guides link to every answer of `server`.
fn site_linking_to(server: &Server) -> Site {
    let site = Site::fixture("basic");
    site.edit_text(
        "site.yaml",
        "author:",
        &format!(
            "link_check:\n  timeout_secs: 1\n  skip: [\"{}*\"]\nauthor:",
            server.url("/skipped")
        ),
    )
    .file(
        "content/guides/out.md",
        format!(
            "---\ntitle: Out\n---\n\n[ok]({ok})\n[moved]({moved})\n[temporary]({temporary})\n[gone]({gone})\n[busy]({busy})\n[no head]({no_head})\n[error]({error})\n[slow]({slow})\n[skipped]({skipped})\n[example](https://program.example/x)\n[twice]({twice})\n",
            ok = server.url("/ok"),
            moved = server.url("/moved"),
            temporary = server.url("/temporary"),
            gone = server.url("/gone"),
            busy = server.url("/busy"),
            no_head = server.url("/no-head"),
            error = server.url("/error"),
            slow = server.url("/slow"),
            skipped = server.url("/skipped/page"),
            twice = server.url("/twice"),
        ),
    )
    .file(
        "content/guides/again.md",
        format!("---\ntitle: Again\n---\n\nAnd [twice]({}).\n", server.url("/twice")),
    );
    site
}

fn check(site: &Site) -> CheckReport {
    pipeline::check(&CheckOptions {
        root: site.root().to_path_buf(),
        external: true,
        ..CheckOptions::default()
    })
    .expect("the check runs")
}

#[test]
fn external_links_are_checked_once_each_and_cached() {
    let server = Server::start();
    let site = site_linking_to(&server);
    let started = Instant::now();
    let report = check(&site);
    let by_code = |code: Code| -> Vec<(String, usize)> {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| {
                let (path, line, _) = place(d);
                (path, line)
            })
            .collect()
    };
    let out = "content/guides/out.md".to_string();
    assert_eq!(
        by_code(Code::LinkExternalBroken),
        [(out.clone(), 8)],
        "{:?}",
        report.diagnostics
    );
    assert_eq!(by_code(Code::LinkExternalRedirect), [(out.clone(), 6)]);
    assert_eq!(
        by_code(Code::LinkExternalUnreachable),
        [(out.clone(), 11), (out.clone(), 12)],
        "the server error and the slow answer, after their retry"
    );
    let broken = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::LinkExternalBroken)
        .expect("the 404");
    assert!(broken.message.contains("answers 404 Not Found"), "{broken}");
    let moved = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::LinkExternalRedirect)
        .expect("the 301");
    assert!(
        moved.message.contains(&format!("to {}", server.url("/ok"))),
        "{moved}"
    );
    assert_eq!((report.external, report.external_skipped), (9, 2));

    // Each URL once, however many pages link to it; HEAD first, GET when HEAD is refused.
    assert_eq!(server.requests("/twice").len(), 1);
    let methods =
        |path| -> Vec<String> { server.requests(path).into_iter().map(|r| r.0).collect() };
    assert_eq!(methods("/no-head"), ["HEAD", "GET"]);
    assert_eq!(methods("/error").len(), 2, "one retry");
    assert!(server.requests("/skipped/page").is_empty(), "skip list");
    // 429: the Retry-After second is waited out before the request is made again.
    let busy = server.requests("/busy");
    assert_eq!(busy.len(), 2, "{busy:?}");
    assert!(
        busy[1].1 - busy[0].1 >= Duration::from_millis(950),
        "{busy:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));

    // A second run asks the cache, except for what could not be checked.
    let again = check(&site);
    assert_eq!(again.external_cached, 7, "{again:?}");
    assert_eq!(
        methods("/gone"),
        ["HEAD", "GET"],
        "a HEAD 404 is asked again with GET"
    );
    assert_eq!(server.requests("/moved").len(), 1);
    assert_eq!(
        methods("/error").len(),
        4,
        "a passing failure is checked again"
    );
    assert_eq!(again.diagnostics, report.diagnostics);
    let cache = std::fs::read_to_string(site.path(".matchpress-cache/external-links.json"))
        .expect("the cache file");
    assert!(cache.contains(&server.url("/gone")), "{cache}");
    assert!(!cache.contains(&server.url("/slow")), "{cache}");
}

#[test]
fn external_links_are_not_checked_without_the_flag() {
    let server = Server::start();
    let site = site_linking_to(&server);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(server.requests("/ok").is_empty());
    let run = site.run(&["check", "--external"]);
    assert_eq!(run.code, 1, "the 404 is an error: {run:?}");
    assert!(
        run.stdout
            .contains("9 external links (0 from the cache, 2 skipped)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_host_that_keeps_answering_429_is_not_asked_for_its_other_links() {
    let server = Server::start();
    let busy = Server::start();
    let site = Site::fixture("basic");
    site.file(
        "content/guides/busy.md",
        format!(
            "---\ntitle: Busy\n---\n\n[a]({})\n[b]({})\n[c]({})\n[ok]({})\n",
            busy.url("/always-busy/a"),
            busy.url("/always-busy/b"),
            busy.url("/always-busy/c"),
            server.url("/ok"),
        ),
    );
    let report = check(&site);
    let unreachable: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::LinkExternalUnreachable)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unreachable.len(), 3, "{unreachable:?}");
    assert!(
        unreachable.iter().any(|m| m.contains("not asked")),
        "the third link waits for no one: {unreachable:?}"
    );
    let asked = ["a", "b", "c"]
        .iter()
        .filter(|p| !busy.requests(&format!("/always-busy/{p}")).is_empty())
        .count();
    assert_eq!(
        asked, 2,
        "two at a time on one host, then the host is given up"
    );
    assert_eq!(
        server.requests("/ok").len(),
        1,
        "other hosts are not held up"
    );
}

#[test]
fn regression_a_link_that_markdown_percent_encodes_is_placed_at_its_line() {
    let server = Server::start();
    let site = Site::fixture("basic");
    site.file(
        "content/guides/accents.md",
        format!(
            "---\ntitle: Accents\n---\n\nFirst [plain]({}).\n\nThen [accent]({}).\n",
            server.url("/gone"),
            server.url("/missing/café")
        ),
    );
    let report = check(&site);
    let places: Vec<(String, usize, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::LinkExternalBroken)
        .map(place)
        .collect();
    assert_eq!(
        places,
        [
            ("content/guides/accents.md".to_string(), 5, 7),
            ("content/guides/accents.md".to_string(), 7, 6)
        ],
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn a_broken_source_url_of_a_program_is_placed_at_its_field() {
    let server = Server::start();
    let site = Site::fixture("directory");
    site.edit_text(
        "data/programs/internal-medicine.yaml",
        "source_url: https://example.org/im/facts",
        &format!("source_url: {}", server.url("/missing/source")),
    );
    let report = check(&site);
    let broken: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::LinkExternalBroken)
        .collect();
    assert_eq!(broken.len(), 1, "{:?}", report.diagnostics);
    let (file, line, _) = place(broken[0]);
    assert_eq!(file, "data/programs/internal-medicine.yaml");
    let text = site.text("data/programs/internal-medicine.yaml");
    let expected = text
        .lines()
        .position(|l| l.contains("source_url:"))
        .expect("the field")
        + 1;
    assert_eq!(line, expected);
}
