#ifndef HOMEROOM_CPAM_SHIM_H
#define HOMEROOM_CPAM_SHIM_H

#include <security/pam_appl.h>
#include <stdlib.h>
#include <string.h>

/* PAM's conversation: every hidden prompt ("Password: ") is answered with the password passed
   as appdata; any prompt that asks for visible input is refused, informational messages are
   acknowledged. The replies are malloc'd, as PAM frees them. */
static inline int homeroom_pam_conversation(int count, const struct pam_message **messages,
                                            struct pam_response **responses, void *appdata) {
    if (count <= 0 || count > PAM_MAX_NUM_MSG || appdata == NULL) return PAM_CONV_ERR;
    struct pam_response *replies = calloc((size_t)count, sizeof(struct pam_response));
    if (replies == NULL) return PAM_BUF_ERR;
    for (int i = 0; i < count; i++) {
        int style = messages[i]->msg_style;
        if (style == PAM_PROMPT_ECHO_OFF) {
            replies[i].resp = strdup((const char *)appdata);
            if (replies[i].resp != NULL) continue;
        } else if (style == PAM_ERROR_MSG || style == PAM_TEXT_INFO) {
            continue;
        }
        for (int j = 0; j < i; j++) {
            if (replies[j].resp != NULL) {
                memset(replies[j].resp, 0, strlen(replies[j].resp));
                free(replies[j].resp);
            }
        }
        free(replies);
        return PAM_CONV_ERR;
    }
    *responses = replies;
    return PAM_SUCCESS;
}

/* One whole check of a password through `service`: authentication, then account management
   (an expired or disabled account fails). Returns the PAM status. */
static inline int homeroom_pam_check(const char *service, const char *user, const char *password) {
    struct pam_conv conversation = { homeroom_pam_conversation, (void *)password };
    pam_handle_t *handle = NULL;
    int status = pam_start(service, user, &conversation, &handle);
    if (status != PAM_SUCCESS) return status;
    status = pam_authenticate(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
    if (status == PAM_SUCCESS) status = pam_acct_mgmt(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
    pam_end(handle, status);
    return status;
}

#endif
