import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Admins manage staff accounts and export the audit log; technicians cannot.
@Suite struct StaffAdminTests {
    func admin(_ client: any TestClientProtocol, _ database: AppDatabase) async throws -> Browser {
        var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .admin, username: "boss")
        try await browser.get("/admin/staff")
        return browser
    }

    @Test func technicianCannotManageStaff() async throws {
        try await withApp { client, database in
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/admin/staff").status == .forbidden)
        }
    }

    @Test func addingStaffAsksForConfirmationFirst() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            try await browser.post("/admin/staff", [("username", "okafor"), ("display_name", "Mr. Okafor"), ("role", "teacher")])
            #expect(try await database.staff(username: "okafor") == nil)
        }
    }

    @Test func confirmedStaffAccountIsAdded() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let fields = [("username", "okafor"), ("display_name", "Mr. Okafor"), ("role", "teacher"), ("password", ""), ("confirm", "yes")]
            #expect(try await browser.post("/admin/staff", fields).location == "/admin/staff?done=added")
            #expect(try await database.staff(username: "okafor")?.displayName == "Mr. Okafor")
        }
    }

    @Test func badStaffUsernameIsRefused() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let response = try await browser.post("/admin/staff", [("username", "s1234567"), ("role", "teacher"), ("confirm", "yes")])
            #expect(response.status == .unprocessableContent && response.text.contains("not a staff username"))
        }
    }

    @Test func confirmedRoleChangeIsStoredAndAudited() async throws {
        try await withApp { client, database in
            try database.addStaffForTest("okafor", role: .teacher)
            var browser = try await admin(client, database)
            try await browser.post("/admin/staff/okafor/role", [("role", "technician"), ("confirm", "yes")])
            #expect(try await database.staff(username: "okafor")?.role == .technician)
            #expect(try await database.auditEvents(subject: "okafor").first?.actor == "boss")
        }
    }

    @Test func confirmedRemovalDeletesTheAccount() async throws {
        try await withApp { client, database in
            try database.addStaffForTest("okafor", role: .teacher)
            var browser = try await admin(client, database)
            try await browser.post("/admin/staff/okafor/remove", [("confirm", "yes")])
            #expect(try await database.staff(username: "okafor") == nil)
        }
    }

    @Test func adminCannotRemoveTheirOwnAccount() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let response = try await browser.post("/admin/staff/boss/remove", [("confirm", "yes")])
            #expect(response.status == .unprocessableContent)
            #expect(try await database.staff(username: "boss") != nil)
        }
    }

    @Test func auditLogDownloadsAsCSV() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let response = try await browser.get("/admin/audit.csv?user=boss")
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.text.hasPrefix("at,client_address,actor,action,subject,outcome,reason\r\n"))
            #expect(response.text.contains(",signin,boss,success,admin"))
        }
    }

    @Test func technicianCannotDownloadTheAuditLog() async throws {
        try await withApp { client, database in
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/admin/audit.csv").status == .forbidden)
        }
    }
}
