import Foundation
import HomeroomCore
import Testing

/// QR codes drawn with libqrcodegen and read back with libzbar.
@Suite struct QRCodeTests {
    @Test func drawnCodeReadsBackAsItsText() throws {
        let text = "https://portal.example.org/claim/code?code=ABCD-EFGH-JKMN"
        let svg = try #require(QRCode(text)).svg(label: "link")
        #expect(QRDecoder.decode(gray: grayFrame(ofSVG: svg, scale: 3), width: 320, height: 240) == [text])
    }

    @Test func svgHasTheQuietZoneAndAnAccessibleName() throws {
        let code = try #require(QRCode("hello"))
        let svg = code.svg(label: "Mia's \"badge\"")
        #expect(svg.contains(#"viewBox="0 0 \#(code.size + 8) \#(code.size + 8)""#))
        #expect(svg.contains(#"aria-label="Mia's &quot;badge&quot;""#))
    }

    @Test func textTooLongForAnyQRCodeGivesNone() {
        #expect(QRCode(String(repeating: "x", count: 5000)) == nil)
    }

    @Test func frameOfTheWrongSizeReadsNothing() {
        #expect(QRDecoder.decode(gray: [0, 1, 2], width: 320, height: 240).isEmpty)
    }
}
