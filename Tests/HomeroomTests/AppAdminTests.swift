import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Admins register and manage single-sign-on apps in the console; others cannot.
@Suite struct AppAdminTests {
    static let registration = [("name", "Canvas"), ("redirect_uris", "https://canvas.example.org/login/oauth2/callback"),
                               ("type", "confidential"), ("pkce_optional", "yes"), ("role_student", "yes"), ("signing_algorithm", "ES256")]

    func admin(_ client: any TestClientProtocol, _ database: AppDatabase) async throws -> Browser {
        var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .admin, username: "boss")
        try await browser.get("/admin/apps")
        return browser
    }

    @Test func aTechnicianCannotManageApps() async throws {
        try await withApp { client, database in
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
            #expect(try await browser.get("/admin/apps").status == .forbidden)
        }
    }

    @Test func registeringAsksForConfirmationFirst() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let page = try await browser.post("/admin/apps", Self.registration)
            let clients = try database.allClients()
            #expect(page.text.contains(#"name="confirm" value="yes""#) && clients.isEmpty)
        }
    }

    @Test func aConfirmedRegistrationShowsTheSecretOnceAndStoresItsHash() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let page = try await browser.post("/admin/apps", Self.registration + [("confirm", "yes")])
            let registered = try #require(try database.allClients().first)
            let secret = try #require(page.text.firstMatch(of: #/<dt>Client secret</dt><dd><code>([^<]+)</code>/#)?.1)
            #expect(registered.secretHash == Secrets.sha256Hex(String(secret)) && page.text.contains(registered.clientID))
            #expect(registered.settings.pkceOptional && registered.settings.roles == [.student] && registered.settings.signingAlgorithm == .es256)
        }
    }

    @Test func aRegistrationWithAnHTTPRedirectIsRefusedWithItsReason() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let page = try await browser.post("/admin/apps", [("name", "Canvas"), ("redirect_uris", "http://canvas.example.org/cb")])
            #expect(page.status == .unprocessableContent && page.text.contains("is not an https:// address"))
        }
    }

    @Test func removingAnAppIsAuditedWithTheAdmin() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            try await browser.post("/admin/apps", Self.registration + [("confirm", "yes")])
            let id = try #require(try database.allClients().first?.clientID)
            try await browser.get("/admin/apps")
            #expect(try await browser.post("/admin/apps/\(id)/remove", [("confirm", "yes")]).location == "/admin/apps?done=removed")
            #expect(try database.allClients().isEmpty)
            let event = try #require(try await database.auditEvents(subject: id).first)
            #expect(event.action == .removeClient && event.actor == "boss")
        }
    }

    @Test func aNewSecretReplacesTheOld() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            try await browser.post("/admin/apps", Self.registration + [("confirm", "yes")])
            let before = try #require(try database.allClients().first)
            try await browser.get("/admin/apps")
            try await browser.post("/admin/apps/\(before.clientID)/secret", [("confirm", "yes")])
            #expect(try database.allClients().first?.secretHash != before.secretHash)
        }
    }

    @Test func rotatingKeysAddsOneKeyPerAlgorithm() async throws {
        try await withApp { client, database in
            var browser = try await admin(client, database)
            let before = try database.signingKeys().count
            #expect(try await browser.post("/admin/apps/keys", [("confirm", "yes")]).location == "/admin/apps?done=keys")
            #expect(try database.signingKeys().count == before + SigningAlgorithm.allCases.count)
        }
    }
}
