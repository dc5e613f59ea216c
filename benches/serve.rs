//! Benchmark: the dev server's save-to-reload latency and its start-up time, measured as an
//! author sees them. The server runs in this process on a loopback port; a client listens on
//! its event stream like a browser tab. Each sample writes one file and times until the
//! `change` event naming the edited page arrives (watcher, debounce, incremental rebuild,
//! publication and the event itself). The site is copied to a temporary folder first, so the
//! benchmark never edits the site it is given.
//!
//! ```sh
//! cargo run --release --example gen_site -- --guides 10000 --programs 13000 --out /tmp/big
//! cargo bench --bench serve -- /tmp/big/matchpress
//! ```
//!
//! Prints the time from start to the first page served, then the median, fastest and slowest
//! of 15 saves of one guide and 15 saves of one program file.
#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use matchpress::serve::{self, ServeOptions};

const SAMPLES: usize = 15;

fn main() {
    let site = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let scratch = tempfile::Builder::new()
        .prefix("matchpress-bench-serve-")
        .tempdir()
        .expect("a temporary folder");
    let root = scratch.path().join("site");
    std::fs::create_dir_all(&root).expect("create the site folder");
    for entry in matchpress::cache::INPUTS {
        let from = site.join(entry);
        if from.exists() {
            copy(&from, &root.join(entry));
        }
    }
    let guide = first_file(&root.join("content/guides"), "md");
    let program_file = first_file(&root.join("data/programs"), "yaml");

    let started = Instant::now();
    let server = serve::start(
        &ServeOptions {
            root: root.clone(),
            port: 0,
            ..ServeOptions::default()
        },
        |_| {},
    )
    .expect("the server starts");
    let address = server.address();
    while get_status(address, "/") != Some(200) {
        assert!(started.elapsed() < Duration::from_mins(10), "no first page");
        std::thread::sleep(Duration::from_millis(5));
    }
    let first_page = started.elapsed();
    println!("start to first page served: {:.0} ms", ms(first_page));

    let mut events = Events::connect(address);
    let guide_page = page_of(&root, &guide);
    let mut guide_times = Vec::new();
    for n in 0..SAMPLES {
        // A paragraph after the summary: the guide's own page changes.
        let mut text = std::fs::read_to_string(&guide).expect("read the guide");
        let _ = write!(text, "\nA sentence added by the benchmark, save {n}.\n");
        guide_times.push(time_save(&guide, &text, &mut events, &guide_page));
    }
    report("one guide saved -> change event", &mut guide_times);

    let mut program_times = Vec::new();
    for n in 0..SAMPLES {
        // One program's name: its page, its specialty's page and JSON change.
        let text = std::fs::read_to_string(&program_file).expect("read the program file");
        let edited = edit_first_program(&text, n);
        program_times.push(time_save(&program_file, &edited, &mut events, "/programs/"));
    }
    report("one program saved -> change event", &mut program_times);
    server.stop();
}

/// Write `text` to `path` and wait for the change event that names `expect` (a path prefix).
fn time_save(path: &Path, text: &str, events: &mut Events, expect: &str) -> Duration {
    std::thread::sleep(Duration::from_millis(150)); // let the previous rebuild settle
    events.drain();
    let start = Instant::now();
    std::fs::write(path, text).expect("save the file");
    loop {
        let (kind, data) = events.next(Duration::from_mins(2)).expect("a change event");
        if kind == "change" && data.contains(&format!("\"{expect}")) {
            return start.elapsed();
        }
        assert!(kind != "problem", "the edit broke the site: {data}");
    }
}

/// The first program's name with the save's number after it.
fn edit_first_program(text: &str, n: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut done = false;
    for line in text.lines() {
        match line.split_once("name: ") {
            Some((indent, name)) if !done && indent.trim_start_matches(' ').is_empty() => {
                let name = name.split(" (save ").next().unwrap_or(name);
                let _ = write!(out, "{indent}name: {name} (save {n})");
                done = true;
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The site path of a guide's page, as events name it (`/guides/a/index.html`).
fn page_of(root: &Path, guide: &Path) -> String {
    let rel = guide
        .strip_prefix(root.join("content"))
        .expect("a content file")
        .with_extension("");
    format!("/{}/index.html", rel.to_string_lossy().replace('\\', "/"))
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort_unstable();
    println!(
        "{what}: median {:.1} ms (fastest {:.1}, slowest {:.1}; {} saves)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The first file with this extension under `dir`, in name order (skipping `_index.md`).
fn first_file(dir: &Path, ext: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no .{ext} file in {}", dir.display()))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create a folder");
        for entry in std::fs::read_dir(from).expect("list a folder").flatten() {
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

fn get_status(address: SocketAddr, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(address).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_whitespace().nth(1)?.parse().ok()
}

/// A client of the server's event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn connect(address: SocketAddr) -> Self {
        let mut stream = TcpStream::connect(address).expect("connect to the event stream");
        write!(
            stream,
            "GET /__matchpress/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request the event stream");
        let mut events = Self {
            reader: BufReader::new(stream),
        };
        // The hello event.
        events.next(Duration::from_secs(10)).expect("a hello event");
        events
    }

    /// Drop events already sent.
    fn drain(&mut self) {
        while self.next(Duration::from_millis(1)).is_some() {}
    }

    /// The next event's name and data, if one arrives within `timeout`.
    fn next(&mut self, timeout: Duration) -> Option<(String, String)> {
        self.reader
            .get_ref()
            .set_read_timeout(Some(timeout))
            .expect("set a timeout");
        let (mut kind, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if let Some(rest) = line.strip_prefix("event:") {
                kind = rest.trim().to_string();
            } else if let Some(rest) = line.strip_prefix("data:") {
                data.push_str(rest.trim());
            } else if line.is_empty() && !kind.is_empty() {
                return Some((kind, data));
            }
        }
    }
}
