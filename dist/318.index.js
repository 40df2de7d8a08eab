export const id = 318;
export const ids = [318];
export const modules = {

/***/ 7318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   upsertPullRequestComment: () => (/* binding */ upsertPullRequestComment)
/* harmony export */ });
/* unused harmony export GITHUB_ACTIONS_LOGIN */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _report_comment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4231);
/**
 * The pull-request comment, through @actions/github's REST client (which takes its API base from
 * GITHUB_API_URL). Loaded only when comment-on-pull-request is set: the client is most of the
 * start-up of a run that does not need it.
 */


/** The author of every comment written with a workflow's GITHUB_TOKEN. */
const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]';
/**
 * The login the token writes comments as. A personal access token answers GET /user. An
 * installation token (GITHUB_TOKEN, and any GitHub App's) may not call it and gets 403: that is
 * taken as GITHUB_TOKEN, whose comments are by github-actions[bot]. Another App's token then
 * never matches its own comment and writes a new one each run, which is the safe side: it never
 * edits a comment it did not write.
 */
async function tokenLogin(octokit) {
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
    }
    catch (error) {
        if (error.status === 403)
            return GITHUB_ACTIONS_LOGIN;
        throw error;
    }
}
/**
 * Creates the identity's comment, or updates it in place: one comment per identity, ever. Only a
 * comment the token's own identity wrote is updated: anyone who can comment can copy the marker,
 * and their comment is left as it is.
 */
async function upsertPullRequestComment(target, body) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(target.token);
    const [owner = '', repo = ''] = target.repository.split('/');
    const issue = { owner, repo, issue_number: target.pullRequest };
    const marker = (0,_report_comment_js__WEBPACK_IMPORTED_MODULE_1__/* .commentMarker */ .Ql)(target.identity);
    const [login, comments] = await Promise.all([
        tokenLogin(octokit),
        octokit.paginate(octokit.rest.issues.listComments, { ...issue, per_page: 100 })
    ]);
    // Logins are case-insensitive on GitHub.
    const ours = comments.find(comment => comment.user?.login.toLowerCase() === login.toLowerCase() && comment.body?.includes(marker));
    if (ours) {
        const { data } = await octokit.rest.issues.updateComment({
            owner,
            repo,
            comment_id: ours.id,
            body
        });
        return { action: 'updated', url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ ...issue, body });
    return { action: 'created', url: data.html_url };
}


/***/ })

};
