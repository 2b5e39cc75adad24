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
