"""What happens when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail publishes the latest revision as the approving user and checks that this user may
publish the page. The coordinators who approve partners' changes have no page permissions
(they must not edit or publish anything themselves), so when the last step was our
network approval — which only a reviewer of that page could approve — the permission
check is the approval itself.
"""


def publish_approved(workflow_state, user=None):
    last_step = (
        workflow_state.task_states.filter(status="approved").order_by("-finished_at").first()
    )
    approved_by_reviewer = (
        last_step is not None
        and getattr(last_step.task.specific, "approval_publishes", False)
        and last_step.finished_by_id == getattr(user, "pk", None)
    )
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=approved_by_reviewer)
