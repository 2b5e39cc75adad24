import Foundation
import HomeroomCore

/// `print/letters.mustache`: one claim or reset letter per student, each in its own language,
/// a page each when printed.
struct LettersPage: PageModel {
    static let template = Template.printLetters
    let chrome: Chrome
    let paper: String
    let letters: [Letter]
    /// Students asked for who got no letter (not active, or not in the teacher's homeroom).
    let skipped: String?
}

/// One printed letter. `t` is the letter's own language, which templates read first.
struct Letter: Sendable {
    let t: Messages
    let lang: String
    let districtName: String
    let logoURL: String
    let isClaim: Bool
    let name: String
    let username: String
    let code: String
    let expires: String
    /// The link the QR code holds: the code's page with the code filled in.
    let link: String
    /// The link's QR code as an SVG element (rendered unescaped; made by `QRCode`).
    let qrSVG: String
    let steps: [String]

    init(_ issued: IssuedCode, language: Language, catalog: MessageCatalog, config: AppConfig) {
        let t = catalog[language]
        self.t = t
        lang = language.rawValue
        districtName = config.districtName
        logoURL = config.logoURL
        isClaim = issued.kind == .claim
        name = issued.student.firstName + " " + issued.student.lastName
        username = issued.student.username
        code = OneTimeCode.display(issued.code)
        expires = issued.expiresAt.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: language.rawValue)))
        let page = config.publicURL + (isClaim ? "/claim/code" : "/forgot-password/code")
        link = page + "?code=" + code
        qrSVG = QRCode(link)?.svg(label: t["print.letter.qrLabel"]) ?? ""
        let values = ["page": page, "username": username, "count": String(config.answersRequired)]
        let keys = isClaim ? ["print.letter.claimStep1", "print.letter.claimStep2", "print.letter.claimStep3",
                              "print.letter.claimStep4", "print.letter.claimStep5"]
            : ["print.letter.resetStep1", "print.letter.resetStep2", "print.letter.resetStep3"]
            + (config.codes.resetAsksNewAnswers ? ["print.letter.resetStep4"] : [])
        steps = keys.map { t.format($0, values) }
    }
}

/// `print/badges.mustache`: QR badges, several to a page, cut apart by the teacher.
struct BadgesPage: PageModel {
    static let template = Template.printBadges
    let chrome: Chrome
    let paper: String
    let badges: [Badge]
    /// Students asked for who got no badge (grade without badges, not active, not in the homeroom).
    let skipped: String?
}

/// One printed badge: the child's first name, the QR code, the short code.
struct Badge: Sendable {
    let t: Messages
    let lang: String
    let firstName: String
    let qrSVG: String
    let shortCode: String

    init(_ issued: IssuedBadge, language: Language, catalog: MessageCatalog) {
        t = catalog[language]
        lang = language.rawValue
        firstName = issued.student.firstName
        qrSVG = QRCode(issued.credential.qrText)?.svg(label: t.format("print.badge.qrLabel", ["name": firstName])) ?? ""
        shortCode = issued.credential.shortCodeDisplay
    }
}
