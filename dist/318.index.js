export const id = 318;
export const ids = [318];
export const modules = {

/***/ 7318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   upsertPullRequestComment: () => (/* binding */ upsertPullRequestComment)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _report_comment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4231);
/**
 * The pull-request comment, through @actions/github's REST client (which takes its API base from
 * GITHUB_API_URL). Loaded only when comment-on-pull-request is set: the client is most of the
 * start-up of a run that does not need it.
 */


/** Creates the identity's comment, or updates it in place: one comment per identity, ever. */
async function upsertPullRequestComment(target, body) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(target.token);
    const [owner = '', repo = ''] = target.repository.split('/');
    const issue = { owner, repo, issue_number: target.pullRequest };
    const marker = (0,_report_comment_js__WEBPACK_IMPORTED_MODULE_1__/* .commentMarker */ .Ql)(target.identity);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...issue,
        per_page: 100
    });
    const ours = comments.find(comment => comment.body?.includes(marker));
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
