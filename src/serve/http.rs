//! The HTTP side of `serve`: the site's files from memory, the live-reload script, and the
//! event stream that tells pages what changed. Every HTML page gets the live-reload script
//! injected on its way out; the site in memory stays exactly what `build` would write.

use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, StreamExt};
use percent_encoding::percent_decode_str;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{Message, Shared};
use crate::error::Error;
use crate::session::{Output, Preview};

/// Where the live-reload script and the event stream live; no site path starts like this.
pub(crate) const SCRIPT_PATH: &str = "/__matchpress/live.js";
pub(crate) const EVENTS_PATH: &str = "/__matchpress/events";

const LIVE_JS: &str = include_str!("live.js");

/// Serve on `listener` from a thread of its own until `shutdown` turns true.
pub(super) fn spawn(
    listener: TcpListener,
    shared: Arc<Shared>,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> Result<JoinHandle<()>, Error> {
    let internal = |what: &str, e: std::io::Error| Error::Internal(format!("{what}: {e}"));
    listener
        .set_nonblocking(true)
        .map_err(|e| internal("configuring the listener", e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("matchpress-http")
        .enable_all()
        .build()
        .map_err(|e| internal("starting the server's runtime", e))?;
    let server_shutdown = shutdown.clone();
    let app = Router::new()
        .route(SCRIPT_PATH, get(script))
        .route(EVENTS_PATH, get(events))
        .fallback(get(site_file))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(Arc::new(Http { shared, shutdown }));
    std::thread::Builder::new()
        .name("matchpress-http".to_string())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(stopped(server_shutdown))
                    .await;
            });
        })
        .map_err(|e| internal("starting the server's thread", e))
}

/// The handlers' state.
struct Http {
    shared: Arc<Shared>,
    shutdown: tokio::sync::watch::Receiver<bool>,
}

/// Resolves when `shutdown` turns true (or its sender is gone).
async fn stopped(mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response()
}

/// The event stream: a `hello` with the current state, then every change or problem. When
/// `max_streams` are open, a `full` event alone, which tells the page to try again later.
async fn events(State(http): State<Arc<Http>>) -> Response {
    let shared = Arc::clone(&http.shared);
    let Some(slot) = shared.open_stream() else {
        let full = Event::default()
            .event("full")
            .retry(FULL_RETRY)
            .data(serde_json::json!({ "retry": FULL_RETRY.as_millis() }).to_string());
        return Sse::new(stream::once(async move { Ok::<_, Infallible>(full) })).into_response();
    };
    // Subscribe before taking the hello's snapshot, so no rebuild falls between the two.
    let subscription = shared.events.subscribe();
    let first = hello(&shared);
    let updates = BroadcastStream::new(subscription).map(move |message| {
        Ok::<_, Infallible>(match message {
            Ok(message) => event_of(&message),
            // The page fell behind: a fresh hello makes it catch up (reload if needed).
            Err(_) => hello(&shared),
        })
    });
    let stream = stream::once(async move { Ok(first) })
        .chain(updates)
        .take_until(stopped(http.shutdown.clone()))
        // The slot goes with the stream: when the page goes, its place is free again.
        .map(move |event| {
            let _held = &slot;
            event
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

/// How often an idle stream sends a comment (which also finds connections the page closed).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long a page told the streams are full waits before it asks again.
const FULL_RETRY: Duration = Duration::from_secs(30);

fn hello(shared: &Shared) -> Event {
    let (output, error) = shared.snapshot();
    let data = serde_json::json!({
        "instance": shared.instance,
        "version": output.version,
        "error": error.as_deref(),
    });
    Event::default()
        .event("hello")
        .retry(Duration::from_millis(500))
        .data(data.to_string())
}

fn event_of(message: &Message) -> Event {
    let slash =
        |paths: &[String]| -> Vec<String> { paths.iter().map(|p| format!("/{p}")).collect() };
    match message {
        Message::Change {
            version,
            changed,
            removed,
        } => Event::default().event("change").data(
            serde_json::json!({
                "version": version,
                "changed": slash(changed),
                "removed": slash(removed),
            })
            .to_string(),
        ),
        Message::Problem { version, error } => Event::default()
            .event("problem")
            .data(serde_json::json!({ "version": version, "error": &**error }).to_string()),
    }
}

/// A file of the site: `index.html` for folders, a redirect for a folder named without its
/// slash, the theme's 404 page (status 404) for anything else.
async fn site_file(State(http): State<Arc<Http>>, uri: Uri) -> Response {
    let shared = &http.shared;
    let Some(key) = site_key(uri.path()) else {
        return (
            StatusCode::BAD_REQUEST,
            "this path is not part of the site\n",
        )
            .into_response();
    };
    let (output, error, preview) = shared.view();
    if output.has(&key) {
        return served(shared, output, key, StatusCode::OK).await;
    }
    if output.version == 0
        && let Some(preview) = preview
    {
        return previewed(shared, preview, key, &uri).await;
    }
    if key.starts_with(crate::search::FOLDER)
        && let Some(bytes) = shared.search_files().get(key.as_str())
    {
        return respond(shared, &key, bytes, StatusCode::OK, output.version);
    }
    if !key.ends_with("index.html") && output.has(&format!("{key}/index.html")) {
        return to_folder(&uri);
    }
    if output.has("404.html") {
        return served(
            shared,
            output,
            "404.html".to_string(),
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // Nothing built yet (the first build failed): a page that shows the problem and waits.
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>matchpress</title></head>\
         <body><h1>The site has not been built yet</h1><p>{}</p></body></html>",
        if error.is_some() {
            "The first build failed; the problem is shown above and in the terminal. Fix it and save: this page reloads by itself."
        } else {
            "Nothing is served at this path."
        }
    );
    let status = if error.is_some() {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::NOT_FOUND
    };
    respond(
        shared,
        "index.html",
        page.as_bytes(),
        status,
        output.version,
    )
}

/// A file of the site being served: kept from a recent request or rebuild, or rendered now.
async fn served(shared: &Shared, output: Arc<Output>, key: String, status: StatusCode) -> Response {
    let bytes = if let Some(bytes) = output.recent(&key) {
        Some(bytes)
    } else {
        let (output, key) = (Arc::clone(&output), key.clone());
        let _turn = shared.renders.acquire().await;
        // Rendering is CPU work: off the server's threads.
        tokio::task::spawn_blocking(move || output.file(&key))
            .await
            .ok()
            .flatten()
    };
    match bytes {
        Some(bytes) => respond(shared, &key, &bytes, status, output.version),
        None => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "matchpress could not render this page again; saving a file rebuilds the site\n",
        )
            .into_response(),
    }
}

/// A file of the site while the first build renders it: what is asked for, rendered now, as
/// the build will render it (a folder without its slash and the 404 page as `site_file` does).
async fn previewed(shared: &Shared, preview: Arc<Preview>, key: String, uri: &Uri) -> Response {
    let folder = format!("{key}/index.html");
    if !preview.has(&key) && !key.ends_with("index.html") && preview.has(&folder) {
        return to_folder(uri);
    }
    let (key, status) = if preview.has(&key) {
        (key, StatusCode::OK)
    } else {
        ("404.html".to_string(), StatusCode::NOT_FOUND)
    };
    let path = key.clone();
    let _turn = shared.renders.acquire().await;
    // Rendering is CPU work: off the server's threads.
    let bytes: Option<Arc<[u8]>> = tokio::task::spawn_blocking(move || preview.file(&path))
        .await
        .ok()
        .flatten();
    match bytes {
        Some(bytes) => respond(shared, &key, &bytes, status, 0),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "this page is still being built; reload in a moment\n",
        )
            .into_response(),
    }
}

/// A redirect from a folder named without its slash to the folder, its query kept.
fn to_folder(uri: &Uri) -> Response {
    let mut location = format!("{}/", uri.path());
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

/// The key of a request path in the site's files, or `None` for a path that tries to leave
/// the site (`..`, backslashes, NUL) or is not UTF-8.
fn site_key(path: &str) -> Option<String> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let rel = decoded.trim_start_matches('/');
    if rel
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    let mut key = rel.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

fn respond(shared: &Shared, key: &str, bytes: &[u8], status: StatusCode, version: u64) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let textual = mime.type_() == "text"
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "svg"
        );
    let content_type = if textual && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let body = if mime.subtype() == "html" {
        inject(bytes, &shared.instance, version, status)
    } else {
        bytes.to_vec()
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The page with the live-reload script before its `</body>` (or at its end).
pub(crate) fn inject(page: &[u8], instance: &str, version: u64, status: StatusCode) -> Vec<u8> {
    let status = status.as_u16();
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-instance=\"{instance}\" data-version=\"{version}\" data-status=\"{status}\"></script>"
    );
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_files_and_never_leave_the_site() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(site_key("/guides/").as_deref(), Some("guides/index.html"));
        assert_eq!(site_key("/style.css").as_deref(), Some("style.css"));
        assert_eq!(
            site_key("/tags/j%2D1/").as_deref(),
            Some("tags/j-1/index.html")
        );
        assert_eq!(site_key("/../etc/passwd"), None);
        assert_eq!(site_key("/guides/%2e%2e/%2e%2e/secret"), None);
        assert_eq!(site_key("/a%5c..%5cb"), None);
        assert_eq!(site_key("/a%00b"), None);
        assert_eq!(site_key("/%ff"), None);
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(page, "i", 3, StatusCode::OK)).unwrap_or_default();
        assert!(out.starts_with("<html><body><p>x</p><script src=\"/__matchpress/live.js\""));
        assert!(out.ends_with("data-version=\"3\" data-status=\"200\"></script></BODY></html>"));
        let bare =
            String::from_utf8(inject(b"hello", "i", 1, StatusCode::NOT_FOUND)).unwrap_or_default();
        assert!(bare.contains("data-status=\"404\""));
        assert!(bare.starts_with("hello<script"));
    }
}
