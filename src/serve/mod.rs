//! Serve: the development server. It builds the site in memory (never into `public/`),
//! serves it over HTTP on a loopback address, watches the inputs, rebuilds incrementally after
//! every save, and tells open pages over server-sent events what changed, or what is wrong.
//!
//! Three parts run side by side: the HTTP server (axum on a small tokio runtime), the watcher
//! (notify's debouncer), and one rebuild thread that owns the `Session`. The rebuild thread
//! publishes a new site only once it is complete, then announces it; a failed rebuild keeps the
//! last good site and announces the problem instead.

mod http;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::error::Error;
use crate::model::Site;
use crate::pipeline::CacheUse;
use crate::search;
use crate::session::{Changes, Files, Output, Preview, Rebuilt, Session, SessionOptions};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// The address to listen on (loopback by default).
    pub bind: IpAddr,
    /// The first port to try; the next free one is taken when it is busy. 0: any free port.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// How many live-reload streams may be open at once; a page beyond that is served but does
    /// not reload by itself, and the terminal says so.
    pub max_streams: usize,
    /// Whether the first build uses and keeps the cache of parsed files.
    pub cache: CacheUse,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            drafts: false,
            max_streams: DEFAULT_MAX_STREAMS,
            cache: CacheUse::Use,
        }
    }
}

/// How many live-reload streams `serve` keeps open at once by default: far more tabs than an
/// author opens, far fewer than would tie up the server.
pub const DEFAULT_MAX_STREAMS: usize = 256;

/// The port `serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;

/// How many ports after the first one `serve` tries before giving up.
const PORT_ATTEMPTS: u16 = 50;

/// What the server has to say, for the terminal.
#[derive(Debug)]
pub enum Notice<'a> {
    /// The server listens at this address.
    Listening(SocketAddr),
    /// A rebuild succeeded; `trigger` is how many changed paths caused it (0 for the first).
    Rebuilt {
        /// What the rebuild did.
        rebuilt: &'a Rebuilt,
        /// How many paths the watcher reported.
        trigger: usize,
    },
    /// A rebuild failed; the last good site is still served.
    Failed(&'a Error),
    /// The watcher reported a problem (the server goes on).
    WatchProblem(String),
    /// The search index was made again and is now served.
    Indexed {
        /// How many pages and programs it holds.
        documents: usize,
        /// How long making it took.
        took: Duration,
    },
    /// A page asked for a live-reload stream while `limit` were open; it was told to wait. Said
    /// once until a stream closes again.
    StreamsFull {
        /// The cap (`ServeOptions::max_streams`).
        limit: usize,
    },
}

/// What a page learns over the event stream.
#[derive(Debug, Clone)]
pub(crate) enum Message {
    /// A new version of the site is being served.
    Change {
        version: u64,
        changed: Arc<Vec<String>>,
        removed: Arc<Vec<String>>,
    },
    /// A rebuild failed.
    Problem { version: u64, error: Arc<str> },
}

/// What the HTTP side reads: the site being served and the current problem, if any.
#[derive(Debug, Default)]
pub(crate) struct Live {
    pub(crate) output: Arc<Output>,
    pub(crate) error: Option<Arc<str>>,
    /// While the first build renders: the site as planned, to render what is asked for.
    pub(crate) preview: Option<Arc<Preview>>,
}

/// State shared by the HTTP handlers.
pub(crate) struct Shared {
    pub(crate) live: RwLock<Live>,
    /// The search index's files (under `search::FOLDER`), made in the background after
    /// rebuilds and swapped in whole.
    pub(crate) search: RwLock<Arc<Files>>,
    pub(crate) events: broadcast::Sender<Message>,
    /// Identifies this server process, so pages notice a restart.
    pub(crate) instance: String,
    /// Live-reload streams open now, and how many may be.
    streams: AtomicUsize,
    max_streams: usize,
    /// Whether the terminal has been told that the streams are full (since one last closed).
    full_told: AtomicBool,
    notify: Arc<dyn Fn(Notice<'_>) + Send + Sync>,
    /// Pages rendered on request at once: one per core, so that a burst of requests (a crawler,
    /// a link checker) waits its turn rather than takes every thread.
    pub(crate) renders: tokio::sync::Semaphore,
}

/// One open live-reload stream; dropping it (the page went, the server stops) frees its place.
pub(crate) struct StreamSlot(Arc<Shared>);

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::AcqRel);
        self.0.full_told.store(false, Ordering::Release);
    }
}

impl Shared {
    fn set(&self, output: Option<Arc<Output>>, error: Option<Arc<str>>) {
        let mut live = match self.live.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(output) = output {
            live.output = output;
        }
        live.error = error;
        // The build it was for is done.
        live.preview = None;
    }

    fn set_preview(&self, preview: Option<Arc<Preview>>) {
        let mut live = match self.live.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        live.preview = preview;
    }

    /// The site being served, the current problem and, while the first build renders, the site
    /// as planned: read together, so that a request never sees the build done but its site not
    /// yet there.
    pub(crate) fn view(&self) -> (Arc<Output>, Option<Arc<str>>, Option<Arc<Preview>>) {
        let live = match self.live.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        (
            Arc::clone(&live.output),
            live.error.clone(),
            live.preview.clone(),
        )
    }

    /// A place for one more live-reload stream, or `None` when `max_streams` are open (the
    /// terminal hears of it once, until a stream closes).
    pub(crate) fn open_stream(self: &Arc<Self>) -> Option<StreamSlot> {
        let taken = self
            .streams
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < self.max_streams).then_some(open + 1)
            });
        if taken.is_ok() {
            return Some(StreamSlot(Arc::clone(self)));
        }
        if !self.full_told.swap(true, Ordering::AcqRel) {
            (self.notify)(Notice::StreamsFull {
                limit: self.max_streams,
            });
        }
        None
    }

    /// The search index being served.
    pub(crate) fn search_files(&self) -> Arc<Files> {
        let files = match self.search.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(&files)
    }

    fn set_search(&self, files: Files) {
        let mut current = match self.search.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *current = Arc::new(files);
    }

    pub(crate) fn snapshot(&self) -> (Arc<Output>, Option<Arc<str>>) {
        let live = match self.live.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        (Arc::clone(&live.output), live.error.clone())
    }
}

/// A running server: its address, and the means to stop it.
pub struct Server {
    address: SocketAddr,
    stop: Option<mpsc::Sender<()>>,
    shutdown: Option<tokio::sync::watch::Sender<bool>>,
    rebuild: Option<JoinHandle<()>>,
    /// Ends when the rebuild thread has (it holds the sender of its sites).
    index: Option<JoinHandle<()>>,
    http: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
}

impl Server {
    /// The address the server listens at.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// How many live-reload streams are open now.
    pub fn open_streams(&self) -> usize {
        self.shared.streams.load(Ordering::Acquire)
    }

    /// Stop watching and serving, and wait until everything has stopped.
    pub fn stop(mut self) {
        self.shut_down();
    }

    /// Wait until the server stops (it stops when `stop` is called from elsewhere, or never).
    pub fn wait(mut self) {
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(true);
        }
        if let Some(rebuild) = self.rebuild.take() {
            let _ = rebuild.join();
        }
        if let Some(index) = self.index.take() {
            let _ = index.join();
        }
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// A handle that stops a server from another thread (a Ctrl-C handler).
#[derive(Clone)]
pub struct Stopper(tokio::sync::watch::Sender<bool>);

impl Stopper {
    /// Ask the server to stop.
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

impl Server {
    /// A handle that can stop this server from another thread.
    pub fn stopper(&self) -> Option<Stopper> {
        self.shutdown.as_ref().map(|s| Stopper(s.clone()))
    }
}

/// Build the site into memory, start watching and serving it, and return at once; `notify`
/// hears everything worth telling the author (it is called from the server's threads).
pub fn start(
    options: &ServeOptions,
    notify: impl Fn(Notice<'_>) + Send + Sync + 'static,
) -> Result<Server, Error> {
    let root =
        std::path::absolute(&options.root).map_err(|e| Error::io("finding", &options.root, e))?;
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::io("listening on", &PathBuf::from(options.bind.to_string()), e))?;
    let host = match address.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let session = Session::new(SessionOptions {
        root: root.clone(),
        base_url: Some(format!("http://{host}:{}/", address.port())),
        drafts: options.drafts,
        cache: options.cache,
        keep_bytes: crate::session::RECENT_BYTES,
    });
    let (events, _) = broadcast::channel(64);
    let notify: Arc<dyn Fn(Notice<'_>) + Send + Sync> = Arc::new(notify);
    let shared = Arc::new(Shared {
        live: RwLock::new(Live::default()),
        search: RwLock::new(Arc::default()),
        events,
        instance: format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ),
        streams: AtomicUsize::new(0),
        max_streams: options.max_streams,
        full_told: AtomicBool::new(false),
        notify: Arc::clone(&notify),
        renders: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        ),
    });

    // Watch first, so that nothing saved during the first build is missed.
    let (hints, changes) = mpsc::channel();
    let watcher = watch::Watcher::start(&root, hints.clone())?;
    let (stop, stopped) = mpsc::channel();
    let (shutdown, shutdown_rx) = tokio::sync::watch::channel(false);

    let (sites, built) = mpsc::channel();
    let index = {
        let shared = Arc::clone(&shared);
        let notify = Arc::clone(&notify);
        std::thread::Builder::new()
            .name("matchpress-index".to_string())
            .spawn(move || index_loop(&built, &shared, &*notify))
            .map_err(|e| Error::Internal(format!("starting the search index thread: {e}")))?
    };
    let rebuild = {
        let shared = Arc::clone(&shared);
        let notify = Arc::clone(&notify);
        let root = root.clone();
        std::thread::Builder::new()
            .name("matchpress-rebuild".to_string())
            .spawn(move || {
                rebuild_loop(
                    session, watcher, &root, &changes, &stopped, &shared, &*notify, &sites,
                );
            })
            .map_err(|e| Error::Internal(format!("starting the rebuild thread: {e}")))?
    };
    notify(Notice::Listening(address));
    let http = http::spawn(listener, Arc::clone(&shared), shutdown_rx)?;
    drop(hints);
    Ok(Server {
        address,
        stop: Some(stop),
        shutdown: Some(shutdown),
        rebuild: Some(rebuild),
        index: Some(index),
        http: Some(http),
        shared,
    })
}

/// Bind to `port`, or the next free port after it.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Error> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last = None;
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    let e = last.unwrap_or_else(|| std::io::Error::other("no port to try"));
    Err(Error::io(
        "listening on",
        &PathBuf::from(format!("{ip}:{port} (and the next {attempts} ports)")),
        e,
    ))
}

/// How long the index waits after a rebuild for the next one, so that a burst of saves is
/// indexed once.
const INDEX_QUIET: Duration = Duration::from_millis(250);

/// Make the search index of each site the rebuilds send (the last of a burst), in the
/// background, and serve it once it is whole; until the sender goes. The index of the
/// generation before stays served beside it, for pages that began a search with it.
fn index_loop(
    sites: &mpsc::Receiver<Arc<Site>>,
    shared: &Shared,
    notify: &(dyn Fn(Notice<'_>) + Send + Sync),
) {
    let mut index: Option<search::Index> = None;
    let mut previous: Files = Files::default();
    // The index is made on threads of its own, one fewer than the machine has (at least one),
    // so that a rebuild after the next save never waits behind it for a thread.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("matchpress-index-{i}"))
        .build()
        .ok();
    while let Ok(mut site) = sites.recv() {
        while let Ok(newer) = sites.recv_timeout(INDEX_QUIET) {
            site = newer;
        }
        let started = Instant::now();
        let docs = on(pool.as_ref(), || {
            search::documents(&site, site.config.search)
        });
        drop(site);
        let hashes = on(pool.as_ref(), || search::hashes(&docs));
        if index.as_ref().is_some_and(|i| i.holds(&docs, &hashes))
            || (docs.is_empty() && index.is_none())
        {
            continue;
        }
        // The last index updated for the documents that changed, else made whole.
        let made = (!docs.is_empty()).then(|| {
            on(pool.as_ref(), || {
                index
                    .take()
                    .and_then(|last| last.update(&docs, &hashes))
                    .unwrap_or_else(|| search::Index::make(&docs, &hashes))
            })
        });
        let mut files: Files = Files::default();
        if let Some(made) = &made {
            for (path, bytes) in on(pool.as_ref(), || made.files(&docs)) {
                files.insert(Arc::from(path), Arc::from(bytes));
            }
        }
        // The last index's files stay served beside the new ones (all but `index.json`, which
        // names the new one), for pages that began a search with it.
        let mut served = files.clone();
        let names = format!("{}index.json", search::FOLDER);
        for (path, bytes) in previous.iter().filter(|(path, _)| ***path != *names) {
            served
                .entry(Arc::clone(path))
                .or_insert_with(|| Arc::clone(bytes));
        }
        shared.set_search(served);
        notify(Notice::Indexed {
            documents: docs.len(),
            took: started.elapsed(),
        });
        index = made;
        previous = files;
    }
}

/// `work` done on `pool`'s threads (on the caller's and the global pool's without one).
fn on<T: Send>(pool: Option<&rayon::ThreadPool>, work: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Build once, then rebuild after every batch of changes until told to stop; each good
/// rebuild's site goes to the search index's thread.
#[expect(
    clippy::too_many_arguments,
    reason = "the loop's channels and shared state, each used once"
)]
fn rebuild_loop(
    mut session: Session,
    mut watcher: watch::Watcher,
    root: &std::path::Path,
    changes: &mpsc::Receiver<watch::Hint>,
    stop: &mpsc::Receiver<()>,
    shared: &Shared,
    notify: &(dyn Fn(Notice<'_>) + Send + Sync),
    sites: &mpsc::Sender<Arc<Site>>,
) {
    let mut pending = Some(Changes::Everything);
    let mut trigger = 0;
    loop {
        if let Some(what) = pending.take() {
            let rebuilt = session.rebuild_previewing(&what, &mut |preview| {
                shared.set_preview(Some(Arc::new(preview)));
            });
            match rebuilt {
                Ok(rebuilt) => {
                    let had_error = shared.snapshot().1.is_some();
                    shared.set(Some(Arc::clone(&rebuilt.output)), None);
                    // Nothing to tell pages when nothing changed and no problem is cleared.
                    let quiet =
                        rebuilt.changed.is_empty() && rebuilt.removed.is_empty() && !had_error;
                    let _ = (!quiet).then(|| {
                        shared.events.send(Message::Change {
                            version: rebuilt.output.version,
                            changed: Arc::new(rebuilt.changed.clone()),
                            removed: Arc::new(rebuilt.removed.clone()),
                        })
                    });
                    notify(Notice::Rebuilt {
                        rebuilt: &rebuilt,
                        trigger,
                    });
                    let _ = sites.send(Arc::clone(&rebuilt.site));
                }
                Err(error) => {
                    let text: Arc<str> = Arc::from(error.to_string());
                    shared.set(None, Some(Arc::clone(&text)));
                    let _ = shared.events.send(Message::Problem {
                        version: session.output().version,
                        error: text,
                    });
                    notify(Notice::Failed(&error));
                }
            }
        }
        // Wait for changes, checking now and then whether to stop.
        let first = loop {
            match stop.try_recv() {
                Ok(()) | Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => {}
            }
            match changes.recv_timeout(Duration::from_millis(100)) {
                Ok(hint) => break hint,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        };
        let mut batch = watch::Batch::default();
        batch.add(first);
        // A burst (a branch switch, a folder moved) arrives over a while: wait until it is
        // quiet, so that it becomes one rebuild. A single save needs no wait.
        let started = Instant::now();
        let mut quiet = Duration::from_millis(if batch.len() > 2 { 40 } else { 3 });
        while started.elapsed() < Duration::from_secs(2) {
            match changes.recv_timeout(quiet) {
                Ok(hint) => {
                    batch.add(hint);
                    quiet = Duration::from_millis(40);
                }
                Err(_) => break,
            }
        }
        for problem in batch.problems() {
            notify(Notice::WatchProblem(problem.clone()));
        }
        watcher.watch_new_folders(root, &batch);
        trigger = batch.len();
        pending = batch.into_changes();
    }
}
