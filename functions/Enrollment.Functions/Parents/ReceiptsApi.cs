using Enrollment.Core.Applications;
using Enrollment.Core.Parents;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Enrollment.Functions.Parents;

/// <summary>报名回执: the family's printable receipt, and the school's check that a receipt brought to it is genuine.</summary>
public static class ReceiptsApi
{
    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/parent/applications/{applicationId}/receipt", GetAsync).WithTags("Parents").RequireAuthorization(ParentAuthenticationHandler.Policy)
            .WithName("GetRegistrationReceipt")
            .WithSummary("报名回执: the application number, school, masked identity number and a code, with a QR code the school scans to check it.");
        app.MapGet("/api/staff/schools/{schoolId}/receipts/{applicationId}", VerifyAsync).WithTags("Schools").RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithName("VerifyRegistrationReceipt")
            .WithSummary("At on-site verification: whether a receipt's code is genuine for an application at one of the caller's schools, and what it names.");
        return app;
    }

    public static async Task<Results<Ok<ReceiptView>, ProblemHttpResult>> GetAsync(
        string applicationId, SignedInParent parent, ParentAccounts accounts, Receipts receipts, HttpContext context, IOptions<EnrollmentOptions> enrollment,
        CancellationToken cancellationToken)
    {
        var reference = await ParentsApi.FindAsync(parent.Session, applicationId, accounts, cancellationToken);
        if (reference is null || await receipts.ForParentAsync(parent.ParentId, reference, cancellationToken) is not { } receipt)
        {
            return Problems.NotFound();
        }

        var check = $"{enrollment.Value.BaseUrlFor(context.Request)}/staff/#receipt/{Uri.EscapeDataString(receipt.SchoolId)}/{Uri.EscapeDataString(receipt.ApplicationId)}/{receipt.Code}";
        using var data = QRCodeGenerator.GenerateQrCode(check, QRCodeGenerator.ECCLevel.M);
        return TypedResults.Ok(new ReceiptView(receipt, new SvgQRCode(data).GetGraphic(4)));
    }

    public static async Task<Results<Ok<RegistrationReceipt>, ProblemHttpResult>> VerifyAsync(
        string schoolId, string applicationId, [FromQuery] string? code, SignedInStaff staff, Receipts receipts, CancellationToken cancellationToken) =>
        await receipts.VerifyAsync(staff, schoolId, applicationId, code, cancellationToken) is { } receipt
            ? TypedResults.Ok(receipt)
            : Problems.Problem(StatusCodes.Status404NotFound, "receipt-not-valid", "回执无法核验",
                "没有找到与这个核验码相符的本校报名。请核对回执上的报名编号和核验码；回执可能不是本系统出具的，或报的不是本校。");
}

/// <summary>The receipt as the family's phone shows and prints it, with its QR code (SVG).</summary>
public sealed record ReceiptView(RegistrationReceipt Receipt, string QrSvg);
