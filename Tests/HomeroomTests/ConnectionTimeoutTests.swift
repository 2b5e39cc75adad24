import Foundation
import HomeroomCore
import Testing

/// Timeouts and the connection cap, over real sockets against the whole server (the flood of
/// 2,000 sockets is in Tests/server, in a process of its own).
@Suite struct ConnectionTimeoutTests {
    func config(requestTimeout: Int = 30, idleTimeout: Int = 60) -> AppConfig {
        var config = testConfig()
        config.connections.requestTimeoutSeconds = requestTimeout
        config.connections.idleTimeoutSeconds = idleTimeout
        return config
    }

    @Test func aHalfSentRequestIsClosed() async throws {
        let closed = try await withLiveServer(config(requestTimeout: 1)) { port in try await blocking {
            let socket = try RawSocket(port: port)
            socket.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            return socket.readUntilClosed(seconds: 10).closed
        } }
        #expect(closed)
    }

    @Test func aRequestTrickledByteByByteIsClosedAtItsDeadline() async throws {
        let sent = try await withLiveServer(config(requestTimeout: 1)) { port in try await blocking {
            let socket = try RawSocket(port: port)
            var sent = 0
            for byte in "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + String(repeating: "a", count: 200) {
                socket.send(String(byte))
                sent += 1
                if socket.readUntilClosed(seconds: 0.1).closed { break }
            }
            return sent
        } }
        #expect(sent < 200)
    }

    @Test func anIdleKeptAliveConnectionIsClosed() async throws {
        let (answer, closed) = try await withLiveServer(config(idleTimeout: 1)) { port in try await blocking {
            let socket = try RawSocket(port: port)
            socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            return socket.readUntilClosed(seconds: 10)
        } }
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(closed)
    }

    @Test func aConnectionInUseIsNotClosedAtTheIdleDeadline() async throws {
        let answers = try await withLiveServer(config(idleTimeout: 2)) { port in try await blocking {
            let socket = try RawSocket(port: port)
            var answers = 0
            for _ in 0..<3 {
                socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                if socket.readUntilClosed(seconds: 10, orEnding: "ok\n").text.hasPrefix("HTTP/1.1 200") { answers += 1 }
            }
            return answers
        } }
        #expect(answers == 3)
    }

    @Test func reachingTheConnectionCapIsLogged() async throws {
        var config = config()
        config.connections.maxConnections = 16
        let log = CapturedLog()
        try await withLiveServer(config, logger: log.logger) { port in
            let held = try await blocking { try (0..<16).map { _ in try RawSocket(port: port) } }
            for _ in 0..<500 where !log.text.contains("connection cap reached") { try await Task.sleep(for: .milliseconds(20)) }
            withExtendedLifetime(held) {}
        }
        #expect(log.text.contains("connection cap reached: 16 connections open"))
    }

    @Test func timeoutsAreCounted() async throws {
        let metrics = AppMetrics()
        try await withLiveServer(config(requestTimeout: 1), metrics: metrics) { port in try await blocking {
            let socket = try RawSocket(port: port)
            socket.send("GET / HTTP/1.1\r\n")
            _ = socket.readUntilClosed(seconds: 10)
        } }
        #expect(metrics.registry.emitToString().contains(#"homeroom_connections_closed_total{reason="request_timeout"} 1"#))
    }
}
