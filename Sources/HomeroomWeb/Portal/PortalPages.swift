import Foundation
import HomeroomCore

/// `portal/home.mustache`: the signed-in person's home.
struct PortalHomePage: PageModel {
    static let template = Template.portalHome
    /// One resource link.
    struct Link: Sendable {
        let name: String
        let url: String
        let icon: String?
    }

    let chrome: Chrome
    let firstName: String
    let username: String
    let links: [Link]
    let hasLinks: Bool
    /// The staff pages of the person's role.
    let staffLinks: [Link]
    let hasStaffLinks: Bool
    /// Apps the person allowed (those that ask consent), each with its button to take it back.
    var apps: [AllowedApp] = []
    var hasApps = false

    /// An app the person allowed.
    struct AllowedApp: Sendable {
        let name: String
        let knows: String
        let withdrawPath: String
        let withdrawLabel: String
    }

    init(chrome: Chrome, user: SignedInUser, resources: [PortalResource]) {
        self.chrome = chrome
        firstName = user.firstName
        username = user.username
        links = resources.filter { $0.roles.contains(user.role) }.map { Link(name: $0.name, url: $0.url, icon: $0.icon) }
        hasLinks = !links.isEmpty
        staffLinks = Self.staffPages.filter { $0.roles.contains(user.role) }.map { Link(name: chrome.t[$0.name], url: $0.url, icon: nil) }
        hasStaffLinks = !staffLinks.isEmpty
    }

    /// The staff pages, named by catalog keys.
    static let staffPages = [
        PortalResource(name: "admin.homeroom.title", url: "/homeroom", roles: [.teacher]),
        PortalResource(name: "admin.console", url: "/admin", roles: [.technician, .admin]),
        PortalResource(name: "admin.staff.title", url: "/admin/staff", roles: [.admin]),
        PortalResource(name: "admin.apps.title", url: "/admin/apps", roles: [.admin]),
    ]
}
