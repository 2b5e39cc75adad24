import Foundation
import HomeroomCore
import HummingbirdTesting
import Testing

/// Address and name locks in the console: listed with their school, lifted (confirmed, audited).
@Suite struct LockConsoleTests {
    let rule = ThrottleRule(maxFailures: 1, windowMinutes: 10, lockMinutes: 10)

    func config() -> AppConfig {
        var config = testConfig()
        config.schoolNetworks = [SchoolNetwork(name: "Riverdale High", cidr: "203.0.113.0/24")]
        return config
    }

    func lockAddress(_ database: AppDatabase) async throws {
        _ = try await database.beginAttempt([ThrottleKey(scope: .signInAddress, key: "203.0.113.9", rule: rule)], at: Date())
    }

    @Test func theConsoleListsAnAddressLockWithItsSchool() async throws {
        try await withApp(config()) { client, database in
            try await lockAddress(database)
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
            let page = try await browser.get("/admin/locks").text
            #expect(page.contains("203.0.113.9") && page.contains("Riverdale High"))
        }
    }

    @Test func liftingALockAsksFirst() async throws {
        try await withApp(config()) { client, database in
            try await lockAddress(database)
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
            try await browser.get("/admin/locks")
            let page = try await browser.post("/admin/locks/lift", [("scope", "signin.address"), ("key", "203.0.113.9")])
            #expect(page.text.contains("Lift the lock on"))
            #expect(try await database.throttleLocks(at: Date()).count == 1)
        }
    }

    @Test func aTechnicianLiftsALockAndItIsAudited() async throws {
        try await withApp(config()) { client, database in
            try await lockAddress(database)
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
            try await browser.get("/admin/locks")
            let done = try await browser.post("/admin/locks/lift", [("scope", "signin.address"), ("key", "203.0.113.9"), ("confirm", "yes")])
            #expect(done.location == "/admin/locks?done=1")
            #expect(try await database.throttleLocks(at: Date()).isEmpty)
            #expect(try await database.auditEvents().contains { $0.action == .liftThrottleLock && $0.actor == "tech" })
        }
    }

    @Test func aTeacherCannotSeeTheLocks() async throws {
        try await withApp(config()) { client, database in
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .teacher)
            #expect(try await browser.get("/admin/locks").status == .forbidden)
        }
    }

    @Test func anAddressLockIsAuditedWhenSet() async throws {
        let database = try seededDatabase(testConfig())
        try await lockAddress(database)
        #expect(try await database.auditEvents().contains { $0.action == .throttleLock && $0.subject == "203.0.113.9" })
    }

    @Test func aSchoolNetworkHoldsItsIPv4Addresses() {
        let network = SchoolNetwork(name: "Riverdale High", cidr: "203.0.113.0/24")
        #expect(network.contains("203.0.113.200") && !network.contains("203.0.114.1"))
    }

    @Test func aSchoolNetworkHoldsItsIPv6Addresses() {
        let network = SchoolNetwork(name: "Lovejoy Middle", cidr: "2001:db8:10::/48")
        #expect(network.contains("2001:db8:10:5::1") && !network.contains("2001:db8:11::1"))
    }

    @Test func aBadSchoolNetworkIsRefusedAtStart() {
        var config = AppConfig()
        config.schoolNetworks = [SchoolNetwork(name: "Riverdale High", cidr: "203.0.113.0/33")]
        #expect(throws: ConfigError.self) { try config.validate() }
    }
}
