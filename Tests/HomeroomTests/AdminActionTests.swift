import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// The console's actions on a student: confirmed, CSRF-checked, audited with the actor.
@Suite struct AdminActionTests {
    /// A claimed student and a technician's browser.
    func setUp(_ client: any TestClientProtocol, _ database: AppDatabase) async throws -> Browser {
        var student = Browser(client)
        try await student.claim()
        return try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
    }

    @Test func actionFirstAsksForConfirmationAndChangesNothing() async throws {
        try await withApp { client, database in
            var browser = try await setUp(client, database)
            try await browser.get("/admin/students/0012345")
            let page = try await browser.post("/admin/students/0012345/reset", [])
            #expect(page.status == .ok && page.text.contains(#"name="confirm" value="yes""#))
            #expect(try await database.student(id: "0012345")?.isClaimed == true)
        }
    }

    @Test func confirmedResetReturnsTheStudentToUnclaimed() async throws {
        try await withApp { client, database in
            var browser = try await setUp(client, database)
            try await browser.get("/admin/students/0012345")
            #expect(try await browser.post("/admin/students/0012345/reset", [("confirm", "yes")]).location
                    == "/admin/students/0012345?done=reset")
            #expect(try await database.student(id: "0012345")?.passwordHash == nil)
            #expect(try await database.answers(studentID: "0012345").isEmpty)
        }
    }

    @Test func resetStudentCanClaimAgain() async throws {
        try await withApp { client, database in
            var browser = try await setUp(client, database)
            try await browser.get("/admin/students/0012345")
            try await browser.post("/admin/students/0012345/reset", [("confirm", "yes")])
            var student = Browser(client)
            #expect(try await student.claim().location == "/claim/complete")
        }
    }

    @Test func actionIsAuditedWithTheActingStaffMember() async throws {
        try await withApp { client, database in
            var browser = try await setUp(client, database)
            try await browser.get("/admin/students/0012345")
            try await browser.post("/admin/students/0012345/unlock", [("confirm", "yes")])
            let event = try await database.auditEvents(subject: "s0012345").first
            #expect(event?.action.rawValue == "admin.unlock" && event?.actor == "tech")
        }
    }

    @Test func unlockLiftsASignInLock() async throws {
        var config = testConfig()
        config.signInThrottle.lockAfterFailures = 1
        config.signInThrottle.freeFailures = 1
        try await withApp(config) { client, database in
            var browser = try await setUp(client, database)
            var student = Browser(client)
            try await student.signIn("s0012345", password: "wrong password")
            try await browser.get("/admin/students/0012345")
            try await browser.post("/admin/students/0012345/unlock", [("confirm", "yes")])
            #expect(try await student.signIn("s0012345").location == "/portal")
        }
    }

    @Test func endSessionsSignsTheStudentOut() async throws {
        try await withApp { client, database in
            var browser = try await setUp(client, database)
            var student = Browser(client)
            try await student.signIn("s0012345")
            try await browser.get("/admin/students/0012345")
            try await browser.post("/admin/students/0012345/end-sessions", [("confirm", "yes")])
            #expect(try await student.get("/portal").location == "/?ended=1")
        }
    }

    @Test func actionWithoutCSRFTokenIsRefusedAndChangesNothing() async throws {
        try await withApp { client, database in
            var browser = try await setUp(client, database)
            let response = try await browser.post("/admin/students/0012345/reset", [("confirm", "yes")], withToken: false)
            #expect(response.status == .forbidden)
            #expect(try await database.student(id: "0012345")?.isClaimed == true)
        }
    }

    @Test func teacherCannotResetAStudent() async throws {
        try await withApp { client, database in
            var student = Browser(client)
            try await student.claim()
            var teacher = try await AdminConsoleTests.staffBrowser(client, database, role: .teacher, username: "rivera")
            try await teacher.get("/portal")
            #expect(try await teacher.post("/admin/students/0012345/reset", [("confirm", "yes")]).status == .forbidden)
            #expect(try await database.student(id: "0012345")?.isClaimed == true)
        }
    }

    @Test func unknownActionIs404() async throws {
        try await withApp { client, database in
            var browser = try await setUp(client, database)
            try await browser.get("/admin/students/0012345")
            #expect(try await browser.post("/admin/students/0012345/delete", [("confirm", "yes")]).status == .notFound)
        }
    }
}
