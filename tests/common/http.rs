//! One loopback HTTP/1.1 server for every test that goes to the web: an ephemeral port on
//! 127.0.0.1, a thread per connection, each request answered by the test's own `route` and
//! logged. Besides plain answers it misbehaves as servers do: redirects, stalls, bodies longer
//! than declared or streamed without a length, a trickle of bytes, a connection cut mid-body.
//! Every reply ends by itself (bounded sleeps, bounded bodies), so no test can hang on it.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names lowercased, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The status the route answered with (0 for a stall or a trickle without a head).
    pub status: u16,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<String> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
}

/// What the server answers.
pub enum Reply {
    /// A status, extra header lines (each ending in `\r\n`) and a body, with its length
    /// declared (except for a 304, which has no body).
    Body {
        status: u16,
        headers: String,
        body: Vec<u8>,
    },
    /// A 302 to the location.
    Redirect(String),
    /// Reads the request, then says nothing for this long and hangs up.
    Stall(Duration),
    /// `total` bytes of a WebVTT-looking filler written lazily, 64 KiB at a time, with the
    /// given declared length or none (then the body ends when the connection does).
    Stream { declared: Option<u64>, total: u64 },
    /// A head, then `body` one `chunk` at a time with `every` between chunks: a slow server.
    Trickle {
        headers: String,
        body: Vec<u8>,
        chunk: usize,
        every: Duration,
    },
    /// The head of a `body.len()`-byte answer, then only the first `cut` bytes, then hang up.
    Cut {
        status: u16,
        headers: String,
        body: Vec<u8>,
        cut: usize,
    },
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Body {
            status: 200,
            headers: format!("Content-Type: {content_type}\r\n"),
            body: body.into(),
        }
    }

    pub fn not_found() -> Reply {
        Reply::Body {
            status: 404,
            headers: "Content-Type: text/plain\r\n".into(),
            body: b"not found".to_vec(),
        }
    }

    fn status(&self) -> u16 {
        match self {
            Reply::Body { status, .. } | Reply::Cut { status, .. } => *status,
            Reply::Redirect(_) => 302,
            Reply::Stream { .. } | Reply::Trickle { .. } => 200,
            Reply::Stall(_) => 0,
        }
    }
}

type Route = dyn Fn(&Request, &str) -> Reply + Send + Sync;

pub struct Server {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Starts serving; `route` gets each request and the server's base URL (`http://127.0.0.1:N`).
    pub fn start(route: impl Fn(&Request, &str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        let route: Arc<Route> = Arc::new(route);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, route) = (Arc::clone(&log), Arc::clone(&route));
                std::thread::spawn(move || serve(stream, addr, &*route, &log));
            }
        });
        Server { addr, requests }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    pub fn paths(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.path).collect()
    }

    /// The requests for one path.
    pub fn requests_for(&self, path: &str) -> Vec<Request> {
        let all = self.requests();
        all.into_iter().filter(|r| r.path == path).collect()
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':') {
                    headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
                }
            }
        }
    }
    Some(Request {
        path: path.to_string(),
        headers,
        status: 0,
    })
}

fn serve(mut stream: TcpStream, addr: SocketAddr, route: &Route, log: &Mutex<Vec<Request>>) {
    let Some(mut request) = read_request(&stream) else {
        return;
    };
    let reply = route(&request, &format!("http://{addr}"));
    request.status = reply.status();
    log.lock().unwrap().push(request);
    let _ = answer(&mut stream, reply);
    let _ = stream.flush();
}

fn head(status: u16, headers: &str, length: Option<usize>) -> String {
    let reason = match status {
        200 => "OK",
        206 => "Partial Content",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        _ => "Whatever",
    };
    let length = length
        .map(|n| format!("Content-Length: {n}\r\n"))
        .unwrap_or_default();
    format!("HTTP/1.1 {status} {reason}\r\n{headers}{length}Connection: close\r\n\r\n")
}

/// Writes the reply; an error means the client hung up, as it may.
fn answer(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Body {
            status,
            headers,
            body,
        } => {
            let length = (status != 304).then_some(body.len());
            stream.write_all(head(status, &headers, length).as_bytes())?;
            stream.write_all(&body)
        }
        Reply::Redirect(location) => {
            let headers = format!("Location: {location}\r\n");
            stream.write_all(head(302, &headers, Some(0)).as_bytes())
        }
        Reply::Stall(duration) => {
            std::thread::sleep(duration);
            Ok(())
        }
        Reply::Stream { declared, total } => {
            let length = declared
                .map(|n| format!("Content-Length: {n}\r\n"))
                .unwrap_or_default();
            let headers = format!("Content-Type: text/vtt\r\n{length}");
            stream.write_all(head(200, &headers, None).as_bytes())?;
            let mut chunk = b"WEBVTT\n\n".to_vec();
            chunk.resize(64 * 1024, b'x');
            let mut sent = 0u64;
            while sent < total {
                let n = chunk.len().min((total - sent) as usize);
                stream.write_all(&chunk[..n])?;
                sent += n as u64;
            }
            Ok(())
        }
        Reply::Trickle {
            headers,
            body,
            chunk,
            every,
        } => {
            stream.write_all(head(200, &headers, Some(body.len())).as_bytes())?;
            for piece in body.chunks(chunk.max(1)) {
                stream.write_all(piece)?;
                stream.flush()?;
                std::thread::sleep(every);
            }
            Ok(())
        }
        Reply::Cut {
            status,
            headers,
            body,
            cut,
        } => {
            stream.write_all(head(status, &headers, Some(body.len())).as_bytes())?;
            stream.write_all(&body[..cut.min(body.len())])
        }
    }
}
