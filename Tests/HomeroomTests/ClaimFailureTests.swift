import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Step 1's failures all look the same; format errors may be specific.
@Suite struct ClaimFailureTests {
    static let fixed = "The Claim Account Operation Failed."

    /// The failure page with what the student typed and the token taken out, to compare pages.
    static func shape(_ page: String, typed: [String]) -> String {
        var page = page
        for value in typed { page = page.replacingOccurrences(of: #"value="\#(value)""#, with: #"value="""#) }
        return page.replacingOccurrences(of: #"name="csrf_token" value="[^"]*""#, with: "", options: .regularExpression)
    }

    func failurePage(last: String, first: String, id: String, claimFirst: Bool = false,
                     disable: Bool = false) async throws -> (status: Int, shape: String) {
        try await withApp { client, database in
            if claimFirst {
                var other = Browser(client)
                try await other.claim(last: last, first: first, id: id)
            }
            if disable {
                _ = try database.importRoster(csv: "student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n", deactivateMissing: true)
            }
            var browser = Browser(client)
            let response = try await browser.startClaim(last: last, first: first, id: id)
            return (response.status.code, Self.shape(response.text, typed: [last, first, id].map(htmlEscaped)))
        }
    }

    func htmlEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test func unknownIDGetsTheFixedMessage() async throws {
        let page = try await failurePage(last: "Lee", first: "Kai", id: "9999999")
        #expect(page.status == 200)
        #expect(page.shape.contains(Self.fixed))
    }

    @Test func fixedMessageListsTheUsualCauses() async throws {
        let page = try await failurePage(last: "Lee", first: "Kai", id: "9999999")
        #expect(page.shape.contains("Forgot my Password"))
        #expect(page.shape.contains("numbers only"))
    }

    @Test func namesThatDifferGetTheSamePageAsAnUnknownID() async throws {
        let unknown = try await failurePage(last: "Lee", first: "Kai", id: "9999999")
        let mismatch = try await failurePage(last: "Lee", first: "Kai", id: "1234567")
        #expect(mismatch.status == unknown.status)
        #expect(mismatch.shape == unknown.shape)
    }

    @Test func alreadyClaimedGetsTheSamePageAsAnUnknownID() async throws {
        let unknown = try await failurePage(last: "Smith-Jones", first: "D'Andre", id: "9999999")
        let claimed = try await failurePage(last: "Smith-Jones", first: "D'Andre", id: "7654321", claimFirst: true)
        #expect(claimed.status == unknown.status)
        #expect(claimed.shape == unknown.shape)
    }

    @Test func disabledAccountGetsTheSamePageAsAnUnknownID() async throws {
        let unknown = try await failurePage(last: "Núñez", first: "José", id: "9999999")
        let disabled = try await failurePage(last: "Núñez", first: "José", id: "1234567", disable: true)
        #expect(disabled.shape == unknown.shape)
    }

    @Test func failedFormKeepsTheTypedValues() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.startClaim(last: "Lee", first: "Kai", id: "9999999")
            #expect(page.text.contains(#"value="Lee""#) && page.text.contains(#"value="9999999""#))
        }
    }

    @Test func idTypedWithAnSAsksForNumbersOnly() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.startClaim(last: "Lee", first: "Kai", id: "s1234567")
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("Numbers only: leave out the S."))
            #expect(page.text.contains(#"aria-describedby="student_id-hint student_id-error""#))
        }
    }

    @Test func nameTypedWithAnAccentAsCombiningMarkMatches() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.startClaim(last: "Nu\u{301}n\u{303}ez", first: "Jose\u{301}", id: "1234567")
            #expect(response.location == "/claim/password")
        }
    }

    @Test func everyAttemptIsAuditedWithoutSecrets() async throws {
        try await withApp { client, database in
            var failed = Browser(client)
            try await failed.startClaim(last: "Lee", first: "Kai", id: "9999999")
            var browser = Browser(client)
            try await browser.claim(password: "correct horse battery")
            let events = try await database.auditEvents().filter { $0.action != .importRoster }  // the seeding's aside
            let reasons = Set(events.compactMap(\.reason))
            #expect(reasons.isSuperset(of: ["unknown_id", "matched", "claimed"]))
            #expect(events.allSatisfy { $0.clientAddress == "local" })
            let dump = events.map { "\($0)" }.joined()
            #expect(!dump.contains("correct horse") && !dump.contains("2011"))
        }
    }
}
