import Foundation
import GRDB
@testable import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// A roster with the youngest grades: two kindergartners of Ms. Rivera, a first grader of
/// Mr. Okafor, and a fifth grader (no badges by default).
let youngRosterCSV = """
    student_id,last_name,first_name,middle_name,birth_date,grade,school,homeroom_teacher
    4000001,Lopez,Mia,,2021-03-01,KG,Lovejoy Elementary,Ms. Rivera
    4000002,Nguyen,Leo,,2021-05-02,KG,Lovejoy Elementary,Ms. Rivera
    4000003,Brown,Ava,,2020-01-03,01,Lovejoy Elementary,Mr. Okafor
    4000004,Khan,Sam,,2016-02-04,05,Lovejoy Elementary,Ms. Rivera

    """

/// QR badges: printed by teachers and technicians, shown at `/badge`.
@Suite struct BadgeRouterTests {
    /// A browser signed in as a new staff member.
    static func staff(_ client: any TestClientProtocol, _ database: AppDatabase, _ username: String = "rivera",
                      role: Staff.Role = .teacher) async throws -> Browser {
        try await LetterRouterTests.staff(client, database, username, role: role, displayName: "Ms. Rivera")
    }

    /// Prints a badge for `id` as a technician; the QR text and the short code on it.
    static func printBadge(_ client: any TestClientProtocol, _ database: AppDatabase,
                           _ id: String = "4000001") async throws -> (qr: String, short: String) {
        var tech = try await staff(client, database, "tech-\(UUID().uuidString.prefix(6).lowercased())", role: .technician)
        let page = try await tech.post("/admin/badges", [("student-\(id)", "en")]).text
        let svg = try #require(svgs(in: page).first)
        let qr = try #require(QRDecoder.decode(gray: grayFrame(ofSVG: svg), width: 320, height: 240).first)
        let short = try #require(page.firstMatch(of: /<p class="short">([0-9A-Z]{4}-[0-9A-Z]{4})<\/p>/)?.output.1)
        return (qr, String(short))
    }

    static func showBadge(_ browser: inout Browser, _ text: String) async throws -> TestResponse {
        try await browser.get("/badge")
        return try await browser.post("/badge", [("badge", text)])
    }

    @Test func badgeQRCodeSignsTheChildIn() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            #expect(try await Self.showBadge(&child, badge.qr).location == "/portal")
            #expect(try await child.get("/portal").text.contains("Mia"))
        }
    }

    @Test func shortCodeTypedSignsTheChildIn() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            #expect(try await Self.showBadge(&child, badge.short.lowercased()).location == "/portal")
        }
    }

    @Test func badgeWorksForAnUnclaimedChild() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            try await Self.showBadge(&child, badge.qr)
            #expect(try await database.student(id: "4000001")?.isClaimed == false)
            #expect(try await child.get("/portal").status == .ok)
        }
    }

    @Test func wrongBadgeGetsTheFixedMessage() async throws {
        try await withApp(roster: youngRosterCSV) { client, _ in
            var child = Browser(client)
            let response = try await Self.showBadge(&child, BadgeCredential.make().qrText)
            #expect(response.status == .unprocessableContent && response.text.contains("That badge does not work."))
        }
    }

    @Test func reprintedBadgeRevokesTheOldOne() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            let old = try await Self.printBadge(client, database)
            _ = try await Self.printBadge(client, database)
            var child = Browser(client)
            #expect(try await Self.showBadge(&child, old.qr).status == .unprocessableContent)
        }
    }

    @Test func gradeWithoutBadgesGetsNone() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let page = try await tech.post("/admin/badges", [("student-4000004", "en")]).text
            #expect(svgs(in: page).isEmpty && page.contains("their grade has no badges"))
        }
    }

    @Test func badgeStopsWorkingWhenItsGradeNoLongerHasBadges() async throws {
        var config = testConfig()
        config.badges.grades = ["KG"]
        try await withApp(config, roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database, "4000001")
            try await database.writer.write { try $0.execute(sql: "UPDATE student SET grade = '01' WHERE student_id = '4000001'") }
            var child = Browser(client)
            #expect(try await Self.showBadge(&child, badge.qr).status == .unprocessableContent)
        }
    }

    @Test func teacherPrintsBadgesForTheirHomeroom() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            var teacher = try await Self.staff(client, database)
            let page = try await teacher.post("/homeroom/badges", [("student-4000001", "en"), ("student-4000002", "es")]).text
            #expect(svgs(in: page).count == 2 && page.contains("Muéstrame a la cámara"))
        }
    }

    @Test func teacherGetsNoBadgeForAnotherHomeroomsStudent() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            var teacher = try await Self.staff(client, database)
            let page = try await teacher.post("/homeroom/badges", [("student-4000003", "en")]).text
            #expect(svgs(in: page).isEmpty)
            #expect(try await database.studentsWithBadges(["4000003"]).isEmpty)
        }
    }

    @Test func teacherRevokesABadgeOfTheirHomeroom() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var teacher = try await Self.staff(client, database)
            try await teacher.get("/homeroom")
            #expect(try await teacher.post("/homeroom/students/4000001/revoke-badge", [("confirm", "yes")]).location == "/homeroom?revoked=revoke-badge")
            var child = Browser(client)
            #expect(try await Self.showBadge(&child, badge.qr).status == .unprocessableContent)
        }
    }

    @Test func teacherCannotRevokeAnotherHomeroomsBadge() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            _ = try await Self.printBadge(client, database, "4000003")
            var teacher = try await Self.staff(client, database)
            try await teacher.get("/homeroom")
            #expect(try await teacher.post("/homeroom/students/4000003/revoke-badge", [("confirm", "yes")]).status == .forbidden)
            #expect(try await database.studentsWithBadges(["4000003"]) == ["4000003"])
        }
    }

    @Test func technicianRevokesABadgeFromTheStudentsPage() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            #expect(try await tech.get("/admin/students/4000001").text.contains("/admin/students/4000001/revoke-badge"))
            try await tech.post("/admin/students/4000001/revoke-badge", [("confirm", "yes")])
            var child = Browser(client)
            #expect(try await Self.showBadge(&child, badge.qr).status == .unprocessableContent)
        }
    }

    @Test func badgeOutsideTheClassroomNetworksIsRefused() async throws {
        var config = testConfig()
        config.trustedProxies = ["local"]
        config.badges.networks = [SchoolNetwork(name: "Lovejoy classrooms", cidr: "10.20.0.0/16")]
        try await withApp(config, roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            child.forwardedFor = "198.51.100.7"
            let response = try await Self.showBadge(&child, badge.qr)
            #expect(response.status == .forbidden && response.text.contains("Badges work only on classroom computers"))
        }
    }

    @Test func badgeInsideAClassroomNetworkWorks() async throws {
        var config = testConfig()
        config.trustedProxies = ["local"]
        config.badges.networks = [SchoolNetwork(name: "Lovejoy classrooms", cidr: "10.20.0.0/16")]
        try await withApp(config, roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            child.forwardedFor = "10.20.3.4"
            #expect(try await Self.showBadge(&child, badge.qr).location == "/portal")
        }
    }

    @Test func wrongBadgesFromOneAddressStopAtTheLimit() async throws {
        var config = testConfig()
        config.badges.perAddress = ThrottleRule(maxFailures: 3, windowMinutes: 10, lockMinutes: 10)
        try await withApp(config, roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            for _ in 0..<3 { try await Self.showBadge(&child, "ZZZZ-ZZZZ") }
            #expect(try await Self.showBadge(&child, badge.qr).status == .tooManyRequests)
        }
    }

    @Test func badgeSessionEndsAfterTheSharedComputerIdleTimeout() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock, roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            try await Self.showBadge(&child, badge.qr)
            clock.advance(minutes: Double(testConfig().sessionIdleMinutes) + 1)
            #expect(try await child.get("/portal").location == "/?expired=1")
        }
    }

    @Test func badgeSignInIsAuditedAsABadge() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            let badge = try await Self.printBadge(client, database)
            var child = Browser(client)
            try await Self.showBadge(&child, badge.qr)
            let events = try await database.auditEvents(student: "4000001")
            #expect(events.contains { $0.action == .badgeSignIn && $0.outcome == .success })
        }
    }

    @Test func cameraFrameWithTheBadgeSignsTheChildIn() async throws {
        try await withApp(roster: youngRosterCSV) { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let svg = try #require(svgs(in: try await tech.post("/admin/badges", [("student-4000001", "en")]).text).first)
            var child = Browser(client)
            try await child.get("/badge")
            let response = try await child.post("/badge/frame", [("width", "320"), ("height", "240"),
                                                                 ("frame", base64URL(grayFrame(ofSVG: svg)))])
            #expect(response.status == .ok && response.text == #"{"next":"\/portal"}"#)
            #expect(try await child.get("/portal").status == .ok)
        }
    }

    @Test func cameraFrameWithoutAQRCodeGetsNoContent() async throws {
        try await withApp(roster: youngRosterCSV) { client, _ in
            var child = Browser(client)
            try await child.get("/badge")
            let blank = [UInt8](repeating: 200, count: 320 * 240)
            #expect(try await child.post("/badge/frame", [("width", "320"), ("height", "240"), ("frame", base64URL(blank))]).status == .noContent)
        }
    }

    @Test func cameraFrameOfTheWrongSizeIsRefusedWithAMessage() async throws {
        try await withApp(roster: youngRosterCSV) { client, _ in
            var child = Browser(client)
            try await child.get("/badge")
            let response = try await child.post("/badge/frame", [("width", "320"), ("height", "240"), ("frame", base64URL([1, 2, 3]))])
            #expect(response.status == .badRequest && response.text.contains("camera picture"))
        }
    }

    @Test func badgePageLoadsOnlyItsOwnStaticScript() async throws {
        try await withApp(roster: youngRosterCSV) { client, _ in
            var child = Browser(client)
            let response = try await child.get("/badge")
            #expect(response.text.contains(#"<script src="/static/badge.js" defer></script>"#))
            #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self';") == true)
            #expect(!response.text.contains("<script>"))
        }
    }
}
