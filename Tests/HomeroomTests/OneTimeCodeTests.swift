import Foundation
import Testing
@testable import HomeroomCore

/// The form of one-time codes.
@Suite struct OneTimeCodeTests {
    @Test func codeIsTwelveCharactersOfCrockfordBase32() {
        let code = OneTimeCode.make()
        #expect(code.count == 12 && code.allSatisfy { OneTimeCode.alphabet.contains($0) })
    }

    @Test func codesDiffer() {
        #expect(Set((0..<100).map { _ in OneTimeCode.make() }).count == 100)
    }

    @Test func codeIsShownInGroupsOfFour() {
        #expect(OneTimeCode.display("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN")
    }

    @Test func typedCodeIgnoresCaseDashesAndSpaces() {
        #expect(OneTimeCode.normalize(" abcd-efgh jkmn ") == "ABCDEFGHJKMN")
    }

    @Test func lookAlikesAreReadAsDigits() {
        #expect(OneTimeCode.normalize("OOOO-IIII-LLLL") == "000011111111")
    }

    @Test func textThatCannotBeACodeIsNil() {
        #expect(OneTimeCode.normalize("ABCD-EFGH-JKM") == nil)
        #expect(OneTimeCode.normalize("ABCD-EFGH-JKMNP") == nil)
        #expect(OneTimeCode.normalize("ABCD-EFGH-JKMU") == nil)
    }
}
