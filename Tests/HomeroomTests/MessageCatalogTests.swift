import Foundation
@testable import HomeroomCore
import Testing

/// The message catalogs: complete in both languages, and every key the code and templates use exists.
@Suite struct MessageCatalogTests {
    let catalog = try! MessageCatalog(directory: packageRoot.messages)

    /// The catalog keys written in `text` by `pattern`'s first capture group.
    func keys(in text: String, _ pattern: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } })
    }

    func files(under folder: String, ending suffix: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)!
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.map { folder + "/" + $0 }
    }

    @Test func spanishHasEveryEnglishKey() {
        #expect(catalog[.es].keys == catalog[.en].keys)
    }

    @Test func everyKeyATemplateUsesExists() throws {
        for path in files(under: packageRoot.templates, ending: ".mustache") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for key in keys(in: text, #"\{\{\{?t\.([A-Za-z0-9_.]+)"#) {
                #expect(catalog[.en].keys.contains(key), "\(path) uses \(key)")
            }
        }
    }

    @Test func everyKeyTheCodeNamesExists() throws {
        let sections = "language|layout|common|home|login|roster|claim|password|questions|month|recovery|lookup|portal|error|admin|sso"
        for path in files(under: packageRoot.path + "/Sources", ending: ".swift") {
            // Enum raw values (audit actions, throttle scopes), setting names and comments look like
            // keys but are not messages.
            let text = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                .filter { line in !["setting: ", "try check(", "validate(named: ", "///"].contains { line.contains($0) } }
                .filter { $0.range(of: #"case \w+ = ""#, options: .regularExpression) == nil }
                .joined(separator: "\n")
            for key in keys(in: text, #""((?:"# + sections + #")\.[A-Za-z0-9_.]+)""#) {
                let isPrefix = key.hasSuffix(".")
                let known = isPrefix ? catalog[.en].keys.contains { $0.hasPrefix(key) } : catalog[.en].keys.contains(key)
                #expect(known, "\(path) names \(key)")
            }
        }
    }

    @Test func markupOnlyInKeysThatSayHtml() {
        for key in catalog[.en].keys where !key.hasSuffix("Html") {
            #expect(!catalog[.en][key].contains("<") && !catalog[.es][key].contains("<"), "\(key) has markup")
        }
    }

    @Test func catalogMissingAKeyIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try #"{"a": "A", "b": "B"}"#.write(toFile: folder + "/en.json", atomically: true, encoding: .utf8)
        try #"{"a": "A"}"#.write(toFile: folder + "/es.json", atomically: true, encoding: .utf8)
        #expect(throws: MessageCatalog.LoadError.self) { try MessageCatalog(directory: folder) }
    }

    @Test func catalogWithOtherPlaceholdersIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try #"{"a": "Hello {name}"}"#.write(toFile: folder + "/en.json", atomically: true, encoding: .utf8)
        try #"{"a": "Hola {nombre}"}"#.write(toFile: folder + "/es.json", atomically: true, encoding: .utf8)
        #expect(throws: MessageCatalog.LoadError.self) { try MessageCatalog(directory: folder) }
    }

    @Test func placeholdersAreFilledIn() {
        #expect(catalog[.es].format("home.usernameTooLong", ["max": "64"]) == "Un nombre de usuario tiene como máximo 64 caracteres.")
    }
}
