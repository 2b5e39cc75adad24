import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP client socket to 127.0.0.1, for tests that must misbehave as no HTTP client
/// library will (send half a request, hold a connection idle, open thousands). Its calls block:
/// make them inside `blocking`, never on Swift's cooperative threads, which the server needs.
final class RawSocket: @unchecked Sendable {
    let descriptor: Int32

    /// Connects, blocking; throws when the connection is refused. (The descriptor is closed by
    /// `connected` on failure, before any instance exists, so it is never closed twice.)
    init(port: Int) throws {
        descriptor = try Self.connected(port: port)
    }

    private static func connected(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let error = errno
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO)
        }
        return descriptor
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }

    /// What the server sent until it closed the connection, or `seconds` passed, or (given) the
    /// text ends with `end`; `closed` says whether the server closed it.
    func readUntilClosed(seconds: Double, orEnding end: String? = nil) -> (text: String, closed: Bool) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET { return (String(decoding: received, as: UTF8.self), true) }
                break
            }
            received += buffer[0..<count]
            if let end, String(decoding: received, as: UTF8.self).hasSuffix(end) { break }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// A port nothing listens on now (bound and released), for a server started next.
    static func freePort() throws -> Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Runs blocking socket work on a thread of its own, so the in-process server keeps Swift's few
/// cooperative threads (two on this machine) while a test waits on a socket.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
