import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Two browsers claiming one student at the same moment end with exactly one claim.
@Suite struct ClaimConcurrencyTests {
    @Test func twoBrowsersAtStepThreeEndWithOneClaimAndOneFixedFailure() async throws {
        try await withApp { client, database in
            var first = Browser(client), second = Browser(client)
            try await first.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await second.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await first.choosePassword("first browser password")
            try await second.choosePassword("second browser password")
            try await first.get("/claim/questions")
            try await second.get("/claim/questions")
            let a = first, b = second
            async let one = { var browser = a; return try await browser.post("/claim/questions", Browser.goodAnswers) }()
            async let two = { var browser = b; return try await browser.post("/claim/questions", Browser.goodAnswers) }()
            let locations = try await [one.location, two.location]
            #expect(locations.filter { $0 == "/claim/complete" }.count == 1)
            #expect(locations.filter { $0 == "/claim?failed=1" }.count == 1)
            let loser = locations[0] == "/claim?failed=1" ? a : b
            var browser = loser
            #expect(try await browser.get("/claim?failed=1").text.contains(ClaimFailureTests.fixed))
            #expect(try await database.student(id: "0012345")?.isClaimed == true)
        }
    }
}
