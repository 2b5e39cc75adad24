import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// The technician console through the real router: who may use it, search, and what it shows.
@Suite struct AdminConsoleTests {
    /// A browser signed in as a new staff member with `role`.
    static func staffBrowser(_ client: any TestClientProtocol, _ database: AppDatabase, role: Staff.Role,
                             username: String = "tech") async throws -> Browser {
        try database.addStaffForTest(username, role: role)
        var browser = Browser(client)
        try await browser.signIn(username)
        return browser
    }

    @Test func consoleWithoutSignInGoesToTheLandingPage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/admin")
            #expect(response.location == "/")
        }
    }

    @Test func studentGets403() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            #expect(try await browser.get("/admin").status == .forbidden)
        }
    }

    @Test func teacherGets403() async throws {
        try await withApp { client, database in
            var browser = try await Self.staffBrowser(client, database, role: .teacher)
            #expect(try await browser.get("/admin").status == .forbidden)
        }
    }

    @Test func technicianSeesTheConsole() async throws {
        try await withApp { client, database in
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/admin").status == .ok)
        }
    }

    @Test func searchIgnoresCaseAndAccents() async throws {
        try await withApp { client, database in
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/admin?q=NUNEZ%20jos").text.contains("/admin/students/1234567"))
        }
    }

    @Test func searchFindsAnIDByItsFirstDigits() async throws {
        try await withApp { client, database in
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            let page = try await browser.get("/admin?q=12345").text
            #expect(page.contains("/admin/students/1234567") && !page.contains("/admin/students/0012345"))
        }
    }

    @Test func studentPageShowsStateSchoolGradeAndEvents() async throws {
        try await withApp { client, database in
            var student = Browser(client)
            try await student.claim()
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            let page = try await browser.get("/admin/students/0012345").text
            #expect(page.contains("<strong>claimed</strong>") && page.contains("Riverdale High") && page.contains("claim.complete"))
        }
    }

    @Test func studentPageNeverShowsAHash() async throws {
        try await withApp { client, database in
            var student = Browser(client)
            try await student.claim()
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            #expect(!(try await browser.get("/admin/students/0012345").text.contains("$argon2id$")))
        }
    }

    @Test func studentPageSaysWhyTheAccountIsLocked() async throws {
        var config = testConfig()
        config.signInThrottle.lockAfterFailures = 1
        config.signInThrottle.freeFailures = 1
        try await withApp(config) { client, database in
            try await database.claimForTest()
            var student = Browser(client)
            try await student.signIn("s0012345", password: "wrong password")
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/admin/students/0012345").text.contains("Sign-in locked after 1 failed attempts"))
        }
    }

    @Test func unknownStudentIs404() async throws {
        try await withApp { client, database in
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/admin/students/9999999").status == .notFound)
        }
    }

    @Test func teacherSeesWhoInTheirHomeroomHasClaimed() async throws {
        try await withApp { client, database in
            var student = Browser(client)
            try await student.claim()
            try database.addStaffForTest("rivera", role: .teacher, displayName: "Ms. Rivera")
            var browser = Browser(client)
            try await browser.signIn("rivera")
            let page = try await browser.get("/homeroom").text
            #expect(page.contains("1 of 2") && page.contains("O&#39;Brien, Mary Kate") && page.contains("Smith-Jones"))
        }
    }

    @Test func technicianCannotOpenTheTeacherView() async throws {
        try await withApp { client, database in
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/homeroom").status == .forbidden)
        }
    }

    @Test func portalLinksTheConsoleForTechnicians() async throws {
        try await withApp { client, database in
            var browser = try await Self.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/portal").text.contains(#"href="/admin""#))
        }
    }
}
