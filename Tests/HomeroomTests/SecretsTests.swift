import Foundation
import Testing
@testable import HomeroomCore

/// Random tokens and their base64url encoding.
@Suite struct SecretsTests {
    @Test(arguments: 0...40)
    func base64urlMatchesFoundationsEncodingForEveryLength(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
        let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(Secrets.base64url(bytes) == expected)
    }

    @Test func tokenOf32BytesHas43Characters() {
        #expect(Secrets.randomToken().count == 43)
    }

    @Test func twoTokensDiffer() {
        #expect(Secrets.randomToken() != Secrets.randomToken())
    }
}

/// Hexadecimal and student usernames, written by hand because they run on every request.
@Suite struct FastFormatTests {
    @Test func hexIsLowerCaseTwoDigitsAByte() {
        #expect(Secrets.hex([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
    }

    @Test(arguments: ["s0012345", "s9999999"])
    func studentUsernamesMatch(username: String) {
        #expect(StudentUsername.matches(username))
    }

    @Test(arguments: ["s001234", "s00123456", "S0012345", "x0012345", "s00123a5", "s٠٠١٢٣٤٥"])
    func otherNamesDoNotMatch(username: String) {
        #expect(!StudentUsername.matches(username))
    }
}
