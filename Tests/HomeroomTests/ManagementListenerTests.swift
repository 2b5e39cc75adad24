import Foundation
import HomeroomCore
import Testing

/// `/metrics` lives on the management listener only; `/healthz` answers on both.
@Suite struct ManagementListenerTests {
    func withManagement<T: Sendable>(enabled: Bool = true, _ test: @escaping @Sendable (_ portal: Int, _ management: Int) async throws -> T)
    async throws -> T {
        var config = testConfig()
        let management = try RawSocket.freePort()
        config.management = ManagementSettings(enabled: enabled, host: "127.0.0.1", port: management)
        return try await withLiveServer(config) { portal in
            for _ in 0..<200 where enabled {
                if try await blocking({ (try? RawSocket(port: management)) != nil }) { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            return try await test(portal, management)
        }
    }

    func get(_ path: String, port: Int) async throws -> String {
        try await blocking {
            let socket = try RawSocket(port: port)
            socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return socket.readUntilClosed(seconds: 10).text
        }
    }

    @Test func thePortalDoesNotServeMetrics() async throws {
        let answer = try await withManagement { portal, _ in try await get("/metrics", port: portal) }
        #expect(answer.hasPrefix("HTTP/1.1 404"))
    }

    @Test func theManagementListenerServesMetrics() async throws {
        let answer = try await withManagement { _, management in try await get("/metrics", port: management) }
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(answer.contains(#"homeroom_build_info{version="\#(AppMetrics.version)"} 1"#))
    }

    @Test func healthzAnswersOnTheManagementListener() async throws {
        let answer = try await withManagement { _, management in try await get("/healthz", port: management) }
        #expect(answer.hasPrefix("HTTP/1.1 200"))
    }

    @Test func healthzStillAnswersOnThePortal() async throws {
        let answer = try await withManagement { portal, _ in try await get("/healthz", port: portal) }
        #expect(answer.hasPrefix("HTTP/1.1 200"))
    }

    @Test func aListenerTurnedOffListensNowhere() async throws {
        let refused = try await withManagement(enabled: false) { _, management in
            try await blocking { (try? RawSocket(port: management)) == nil }
        }
        #expect(refused)
    }

    @Test func aManagementPortEqualToThePortalsIsRefused() {
        var config = AppConfig()
        config.management.port = config.port
        #expect(throws: ConfigError.self) { try config.validate() }
    }
}

/// What the metrics say, read from the application's own registry.
@Suite struct MetricsContentTests {
    @Test func requestsAreTimedByRouteAndStatus() async throws {
        let metrics = AppMetrics()
        try await withApp(metrics: metrics) { client, _ in
            var browser = Browser(client)
            _ = try await browser.get("/claim")
        }
        #expect(metrics.registry.emitToString().contains(
            #"homeroom_http_request_duration_seconds_count{route="/claim",method="GET",status="200"} 1"#))
    }

    @Test func anUnknownPathIsTimedAsNotFoundNotByItsPath() async throws {
        let metrics = AppMetrics()
        try await withApp(metrics: metrics) { client, _ in
            var browser = Browser(client)
            _ = try await browser.get("/no/such/page/12345")
        }
        let text = metrics.registry.emitToString()
        #expect(text.contains(#"route="NotFound",method="GET",status="404""#))
        #expect(!text.contains("12345"))
    }

    @Test func passwordChecksAreTimedAsBlockingJobs() async throws {
        let metrics = AppMetrics()
        try await withApp(metrics: metrics) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            _ = try await browser.signIn("s0012345")
        }
        #expect(metrics.registry.emitToString().contains(#"homeroom_blocking_job_duration_seconds_count{job="verify"} 1"#))
    }

    @Test func jobsTurnedAwayByAFullPoolAreCounted() async throws {
        let metrics = AppMetrics()
        let pool = BlockingPool(threads: 1, queueLimit: 0, observer: metrics)
        let blocker = PoolBlocker(pool)
        try await blocker.fill()
        await #expect(throws: BlockingPool.Saturated.self) { try await pool.run(.hash) { () } }
        blocker.release()
        #expect(metrics.registry.emitToString().contains(#"homeroom_blocking_job_refused_total{job="hash"} 1"#))
    }

    @Test func theStoresGaugesAreShownAtEachScrape() async throws {
        let config = testConfig()
        let database = try seededDatabase(config)
        try await database.claimForTest()
        let metrics = AppMetrics()
        let text = metrics.exposition(gauges: try await database.gauges(at: Date()), pool: BlockingPool(threads: 1, queueLimit: 0))
        #expect(text.contains(#"homeroom_students{state="claimed"} 1"#))
        #expect(text.contains(#"homeroom_students{state="unclaimed"} 4"#))
    }

    @Test func studentsAreCountedAtMostOnceAMinute() {
        let metrics = AppMetrics(), now = Date()
        let counts = [now, now.addingTimeInterval(30), now.addingTimeInterval(61)].map(metrics.shouldCountStudents)
        #expect(counts == [true, false, true])
    }
}
