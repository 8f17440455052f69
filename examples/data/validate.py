#!/usr/bin/env python3
"""Sanity checks for the example dataset (not run by the build): python3 examples/data/validate.py

* every trail file is gzip + {"Records": [...]}, every sink line is one LogEntry with the AuditLog @type;
* every event id and hop evidence id in expected.tsv exists in the data;
* the joins the expectations rely on really hold in the records: for each AWS action whose chain ends
  in an AssumeRole / AssumeRoleWithWebIdentity, the action's accessKeyId is the key that event issued;
  for GCP actions after GenerateAccessToken, the delegation subject is the federated principal that
  minted the token; sharedEventID pairs agree.
"""
import csv
import glob
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
aws, gcp, problems = {}, {}, []

for path in glob.glob(os.path.join(HERE, "aws", "AWSLogs", "**", "*.json.gz"), recursive=True):
    with gzip.open(path, "rt") as f:
        doc = json.load(f)
    if "/CloudTrail-Digest/" in path:
        if "logFiles" not in doc:
            problems.append(f"{path}: digest without logFiles")
        continue
    for r in doc["Records"]:
        if r["eventID"] in aws:
            problems.append(f"duplicate eventID {r['eventID']}")
        aws[r["eventID"]] = r

for path in glob.glob(os.path.join(HERE, "gcp", "cloudaudit.googleapis.com", "*", "*", "*", "*", "*_S0.json")):
    kind = path.split(os.sep)[-5]
    with open(path) as f:
        for n, line in enumerate(f, 1):
            e = json.loads(line)
            if e["protoPayload"]["@type"] != "type.googleapis.com/google.cloud.audit.AuditLog":
                problems.append(f"{path}:{n} not an AuditLog")
            if not e["logName"].endswith("%2F" + kind):
                problems.append(f"{path}:{n} logName {e['logName']} in the {kind} folder")
            hour = os.path.basename(path)[:2]
            if e["timestamp"][11:13] != hour:
                problems.append(f"{path}:{n} timestamp {e['timestamp']} outside the file's hour")
            gcp[e["insertId"]] = e

for path in glob.glob(os.path.join(HERE, "directory", "*.json")):
    with open(path) as f:
        json.load(f)

issued = {}   # eventID -> accessKeyId issued
for eid, r in aws.items():
    creds = (r.get("responseElements") or {}).get("credentials")
    if creds:
        issued[eid] = creds["accessKeyId"]

rows = list(csv.DictReader(open(os.path.join(HERE, "expected.tsv")), delimiter="\t"))
for row in rows:
    eid = row["event_id"]
    rec = aws.get(eid) if row["cloud"] == "aws" else gcp.get(eid)
    if rec is None:
        problems.append(f"expected.tsv: {row['cloud']} id {eid} not in the data")
        continue
    hops = [h.split("+") for h in row["hop_evidence_ids"].split(",")] if row["hop_evidence_ids"] else []
    for hop in hops:
        for hid in hop:
            if hid not in aws and hid not in gcp:
                problems.append(f"expected.tsv: hop evidence {hid} (row {eid}) not in the data")
        if len(hop) == 2:
            a, b = aws[hop[0]], aws[hop[1]]
            if a.get("sharedEventID") != b.get("sharedEventID") or a["requestID"] != b["requestID"]:
                problems.append(f"{hop}: copies do not share sharedEventID/requestID")
    if row["cloud"] == "aws" and hops and hops[-1][0] != eid and hops[-1][0] in aws:
        last = aws[hops[-1][0]]
        ui = rec["userIdentity"]
        if last["eventID"] in issued:
            if ui.get("accessKeyId") != issued[last["eventID"]]:
                problems.append(f"{eid}: key {ui.get('accessKeyId')} != issued {issued[last['eventID']]}")
        elif last["eventName"] == "SwitchRole":
            created = ui["sessionContext"]["attributes"]["creationDate"]
            if ui["arn"] != last["userIdentity"]["arn"] or created != last["eventTime"]:
                problems.append(f"{eid}: session {ui['arn']}@{created} is not the SwitchRole session")
        else:
            problems.append(f"{eid}: last hop {last['eventID']} issued nothing")
    if row["cloud"] == "gcp" and hops and hops[-1][0] in gcp:
        last = gcp[hops[-1][0]]
        if last["protoPayload"]["methodName"] == "GenerateAccessToken":
            minted_by = last["protoPayload"]["authenticationInfo"]["principalSubject"]
            deleg = rec["protoPayload"]["authenticationInfo"].get("serviceAccountDelegationInfo", [])
            if [d.get("principalSubject") for d in deleg] != [minted_by]:
                problems.append(f"{eid}: delegation {deleg} does not name {minted_by}")

covered = {r["event_id"] for r in rows}
uncovered = [eid for eid in list(aws) + list(gcp) if eid not in covered]
if uncovered:
    problems.append(f"records without an expectation row: {uncovered}")

print(f"{len(aws)} CloudTrail records, {len(gcp)} audit log entries, {len(rows)} expectation rows")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("OK")
