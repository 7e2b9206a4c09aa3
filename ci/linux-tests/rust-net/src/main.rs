//! Rust std's Unix-domain sockets (std::os::unix::net) on the Linux
//! personality, compared with Linux: stream pairs, a listener on a path and
//! in the abstract namespace, shutdown and end of file, non-blocking accept,
//! datagram pairs and bound datagram sockets with sender addresses.
//! Single-threaded; prints nothing host-specific. Exit status 0.

use std::io::{Read, Write};
use std::net::Shutdown;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixDatagram, UnixListener, UnixStream};

fn main() {
    let dir = std::env::temp_dir().join(format!("rust-net-{}", std::process::id()));
    std::fs::create_dir(&dir).expect("scratch directory");

    // A connected pair.
    let (mut a, mut b) = UnixStream::pair().expect("pair");
    a.write_all(b"ping").expect("write");
    let mut buf = [0u8; 4];
    b.read_exact(&mut buf).expect("read");
    println!("pair: {}", String::from_utf8_lossy(&buf));
    b.write_all(b"pong and more").expect("write back");
    b.shutdown(Shutdown::Write).expect("shutdown");
    let mut text = String::new();
    a.read_to_string(&mut text).expect("read to end");
    println!("pair back: {text}");
    println!("peer addr unnamed: {}", a.peer_addr().map(|p| p.is_unnamed()).unwrap_or(false));
    drop(b);
    let e = a.write(b"x").map(|_| ()).unwrap_err();
    println!("write to a closed peer: {:?}", e.kind());

    // A listener on a path.
    let path = dir.join("listener.sock");
    let listener = UnixListener::bind(&path).expect("bind");
    println!("bound path exists: {}", path.exists());
    let again = UnixListener::bind(&path).map(|_| ()).unwrap_err();
    println!("bind again: {:?}", again.kind());
    listener.set_nonblocking(true).expect("nonblocking");
    let none = listener.accept().map(|_| ()).unwrap_err();
    println!("accept with none waiting: {:?}", none.kind());
    listener.set_nonblocking(false).expect("blocking");
    let mut client = UnixStream::connect(&path).expect("connect");
    let (mut server, addr) = listener.accept().expect("accept");
    println!("client address unnamed: {}", addr.is_unnamed());
    let local = listener.local_addr().expect("local addr");
    println!("listener name is the path: {}", local.as_pathname() == Some(path.as_path()));
    client.write_all(b"hello over a path").expect("client write");
    drop(client);
    let mut got = String::new();
    server.read_to_string(&mut got).expect("server read");
    println!("server got: {got}");
    drop(listener);
    let refused = UnixStream::connect(&path).map(|_| ()).unwrap_err();
    println!("connect after the listener closed: {:?}", refused.kind());
    std::fs::remove_file(&path).expect("unlink");
    let missing = UnixStream::connect(&path).map(|_| ()).unwrap_err();
    println!("connect to a missing path: {:?}", missing.kind());

    // The abstract namespace.
    let name = format!("rust-net-{}", std::process::id());
    let abstract_addr = SocketAddr::from_abstract_name(name.as_bytes()).expect("abstract name");
    let listener = UnixListener::bind_addr(&abstract_addr).expect("bind abstract");
    let mut client = UnixStream::connect_addr(&abstract_addr).expect("connect abstract");
    let (mut server, _) = listener.accept().expect("accept abstract");
    let listener_name = listener.local_addr().expect("local addr");
    println!("abstract name kept: {}", listener_name.as_abstract_name() == Some(name.as_bytes()));
    server.write_all(b"abstract reply").expect("server write");
    let mut reply = [0u8; 14];
    client.read_exact(&mut reply).expect("client read");
    println!("client got: {}", String::from_utf8_lossy(&reply));

    // A read timeout.
    let (mut a, _b) = UnixStream::pair().expect("pair");
    a.set_read_timeout(Some(std::time::Duration::from_millis(50))).expect("read timeout");
    // (Not printed: Linux rounds it to its clock ticks.)
    println!("read timeout set: {}", a.read_timeout().expect("get timeout").is_some());
    let start = std::time::Instant::now();
    let timed_out = a.read(&mut [0u8; 4]).map(|_| ()).unwrap_err();
    println!(
        "read gives up: {:?} after 50ms or more: {}",
        timed_out.kind(),
        start.elapsed() >= std::time::Duration::from_millis(45)
    );

    // Datagrams.
    let (d1, d2) = UnixDatagram::pair().expect("datagram pair");
    d1.send(b"first").expect("send");
    d1.send(b"second message").expect("send");
    let mut small = [0u8; 6];
    let n = d2.recv(&mut small).expect("recv");
    println!("datagram 1: {}", String::from_utf8_lossy(&small[..n]));
    let n = d2.recv(&mut small).expect("recv");
    println!("datagram 2 truncated: {}", String::from_utf8_lossy(&small[..n]));
    d2.set_nonblocking(true).expect("nonblocking");
    println!("empty queue: {:?}", d2.recv(&mut small).map(|_| ()).unwrap_err().kind());
    let p1 = dir.join("d1.sock");
    let p2 = dir.join("d2.sock");
    let s1 = UnixDatagram::bind(&p1).expect("bind d1");
    let s2 = UnixDatagram::bind(&p2).expect("bind d2");
    s1.send_to(b"to d2", &p2).expect("send_to");
    let mut buf = [0u8; 16];
    let (n, from) = s2.recv_from(&mut buf).expect("recv_from");
    println!(
        "d2 got {} from d1: {}",
        String::from_utf8_lossy(&buf[..n]),
        from.as_pathname() == Some(p1.as_path())
    );
    let unbound = UnixDatagram::unbound().expect("unbound");
    unbound.send_to(b"anon", &p2).expect("send_to from unbound");
    let (n, from) = s2.recv_from(&mut buf).expect("recv_from");
    println!("d2 got {} from an unnamed socket: {}", String::from_utf8_lossy(&buf[..n]), from.is_unnamed());

    std::fs::remove_dir_all(&dir).expect("remove scratch");
    println!("done");
}
