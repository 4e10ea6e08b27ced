"""The delivery pages, one module per page or topic (urls.py names each view there):

- today.py: Today (the week's planned sessions) and logging one as planned.
- sessions.py: logging a session with details, its page, note, signature, addenda, void.
- missed.py: recording and voiding a missed session.
- weekly_plan.py: the weekly plan list and its form.
- session_plans.py: planning the next session (goals, activities) and the saved plan.
- consultations.py: consultations with the team.
- minutes.py: minutes compliance (caseload and district) and the district's policy.
- panel.py: the delivery panel on the student page.
- common.py: what several of them share (the therapist gate, dates, Today's cards).

Each view checks permission, reads a form, calls one service and renders or redirects;
writes live in services/, reads in queries.py.
"""
