use super::*;

#[test]
fn answers_are_read_whole_or_refused() {
    let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".to_vec();
    let a = read_answer(&mut ok.as_slice()).unwrap();
    assert_eq!((a.status, a.body.as_slice()), (200, &b"hello"[..]));
    let cut = b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nhello".to_vec();
    assert!(read_answer(&mut cut.as_slice()).is_err());
    let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\n, x\r\n0\r\n\r\n".to_vec();
    assert_eq!(read_answer(&mut chunked.as_slice()).unwrap().body, b"hello, x");
    let cut_chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel".to_vec();
    assert!(read_answer(&mut cut_chunked.as_slice()).is_err());
}

#[test]
fn only_https_on_a_loopback_literal() {
    assert!(loopback_addr("https://127.0.0.1:2087").is_ok());
    assert!(loopback_addr("https://[::1]:2087/").is_ok());
    assert!(loopback_addr("http://127.0.0.1:2087").is_err());
    assert!(loopback_addr("https://203.0.113.4:2087").is_err());
    assert!(loopback_addr("https://localhost:2087").is_err());
}
